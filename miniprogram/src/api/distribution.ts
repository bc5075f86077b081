import type {
  applyAsDistributor as applyRouteContract,
  getMyEarnings as earningsRouteContract,
  listMyCommissions as commissionsRouteContract,
} from '@mall/shared';
import type { QueryOf } from '@mall/shared';
import { call, route } from './client';

const earningsRoute = route<typeof earningsRouteContract>('GET', '/api/distribution/me');
const applyRoute = route<typeof applyRouteContract>('POST', '/api/distribution/apply');
const commissionsRoute = route<typeof commissionsRouteContract>('GET', '/api/distribution/commissions');

export const getMyEarnings = () => call(earningsRoute);

/** Free, and only where the shop reviews applications (`canApply` of the earnings). */
export const applyAsDistributor = () => call(applyRoute);

export const listMyCommissions = (query: QueryOf<typeof commissionsRouteContract> = {}) =>
  call(commissionsRoute, { query });
