import type {
  getMyLevelCard as levelCardRouteContract,
  getMyPoints as pointsRouteContract,
  listMyLevelHistory as levelHistoryRouteContract,
  listMyPointsLedger as ledgerRouteContract,
  signIn as signInRouteContract,
  listPointsRewards as rewardsRouteContract,
  exchangePoints as exchangeRouteContract,
  listMyExchanges as myExchangesRouteContract,
} from '@mall/shared';
import type { BodyOf, QueryOf } from '@mall/shared';
import { call, route } from './client';

const levelCardRoute = route<typeof levelCardRouteContract>('GET', '/api/loyalty/level');
const pointsRoute = route<typeof pointsRouteContract>('GET', '/api/loyalty/points');
const levelHistoryRoute = route<typeof levelHistoryRouteContract>('GET', '/api/loyalty/level/history');
const ledgerRoute = route<typeof ledgerRouteContract>('GET', '/api/loyalty/points/ledger');
const signInRoute = route<typeof signInRouteContract>('POST', '/api/loyalty/sign-in');
const rewardsRoute = route<typeof rewardsRouteContract>('GET', '/api/loyalty/rewards');
const exchangeRoute = route<typeof exchangeRouteContract>('POST', '/api/loyalty/exchanges');
const myExchangesRoute = route<typeof myExchangesRouteContract>('GET', '/api/loyalty/exchanges');

export const getMyLevelCard = () => call(levelCardRoute);

export const listMyLevelHistory = (query: QueryOf<typeof levelHistoryRouteContract> = {}) =>
  call(levelHistoryRoute, { query });

export const getMyPoints = () => call(pointsRoute);

export const listMyPointsLedger = (query: QueryOf<typeof ledgerRouteContract> = {}) => call(ledgerRoute, { query });

export const signIn = () => call(signInRoute);

export const listPointsRewards = () => call(rewardsRoute);

export const exchangePoints = (body: BodyOf<typeof exchangeRouteContract>) => call(exchangeRoute, { body });

export const listMyExchanges = (query: QueryOf<typeof myExchangesRouteContract> = {}) =>
  call(myExchangesRoute, { query });
