import type {
  applyAsDistributor as applyRouteContract,
  getMyEarnings as earningsRouteContract,
  listMyCommissions as commissionsRouteContract,
  listMyStatements as statementsRouteContract,
  getMyStatement as statementRouteContract,
  confirmMyStatement as confirmRouteContract,
  disputeMyStatement as disputeRouteContract,
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

const statementsRoute = route<typeof statementsRouteContract>('GET', '/api/distribution/statements');
const statementRoute = route<typeof statementRouteContract>('GET', '/api/distribution/statements/:statementNo');
const confirmRoute = route<typeof confirmRouteContract>('POST', '/api/distribution/statements/:statementNo/confirm');
const disputeRoute = route<typeof disputeRouteContract>('POST', '/api/distribution/statements/:statementNo/dispute');

export const listMyStatements = (query: QueryOf<typeof statementsRouteContract> = {}) =>
  call(statementsRoute, { query });

export const getMyStatement = (statementNo: string) => call(statementRoute, { params: { statementNo } });

/** What the statement holds becomes available to withdraw. */
export const confirmMyStatement = (statementNo: string) => call(confirmRoute, { params: { statementNo } });

export const disputeMyStatement = (statementNo: string, reason: string) =>
  call(disputeRoute, { params: { statementNo }, body: { reason } });
