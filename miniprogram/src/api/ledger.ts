import type { listMyLedgerEntries as entriesRouteContract, QueryOf } from '@mall/shared';
import { call, route } from './client';

const entriesRoute = route<typeof entriesRouteContract>('GET', '/api/ledger/entries');

/** My balance movements (资金明细), newest first. */
export const listMyLedgerEntries = (query: QueryOf<typeof entriesRouteContract> = {}) => call(entriesRoute, { query });
