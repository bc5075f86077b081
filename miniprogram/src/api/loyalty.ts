import {
  getMyLevelCard as levelCardRoute,
  getMyPoints as pointsRoute,
  listMyLevelHistory as levelHistoryRoute,
  listMyPointsLedger as ledgerRoute,
  signIn as signInRoute,
  listPointsRewards as rewardsRoute,
  exchangePoints as exchangeRoute,
  listMyExchanges as myExchangesRoute,
} from '@mall/shared';
import type { BodyOf, QueryOf } from '@mall/shared';
import { call } from './client';

export const getMyLevelCard = () => call(levelCardRoute);

export const listMyLevelHistory = (query: QueryOf<typeof levelHistoryRoute> = {}) => call(levelHistoryRoute, { query });

export const getMyPoints = () => call(pointsRoute);

export const listMyPointsLedger = (query: QueryOf<typeof ledgerRoute> = {}) => call(ledgerRoute, { query });

export const signIn = () => call(signInRoute);

export const listPointsRewards = () => call(rewardsRoute);

export const exchangePoints = (body: BodyOf<typeof exchangeRoute>) => call(exchangeRoute, { body });

export const listMyExchanges = (query: QueryOf<typeof myExchangesRoute> = {}) => call(myExchangesRoute, { query });
