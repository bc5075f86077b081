import {
  getMyLevelCard as levelCardRoute,
  getMyPoints as pointsRoute,
  listMyLevelHistory as levelHistoryRoute,
  listMyPointsLedger as ledgerRoute,
  signIn as signInRoute,
} from '@mall/shared';
import type { QueryOf } from '@mall/shared';
import { call } from './client';

export const getMyLevelCard = () => call(levelCardRoute);

export const listMyLevelHistory = (query: QueryOf<typeof levelHistoryRoute> = {}) => call(levelHistoryRoute, { query });

export const getMyPoints = () => call(pointsRoute);

export const listMyPointsLedger = (query: QueryOf<typeof ledgerRoute> = {}) => call(ledgerRoute, { query });

export const signIn = () => call(signInRoute);
