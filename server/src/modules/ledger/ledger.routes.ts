import { listMyLedgerEntries } from '@mall/shared';
import type { ApiRouter } from '../../platform/http/api-router';
import { memberLedgerEntries } from './ledger-views';

/** Member routes: my balance movements. The admin side reads balances through the distribution and finance views. */
export function registerLedgerRoutes(api: ApiRouter) {
  api.add(listMyLedgerEntries, ({ ctx, query }) => memberLedgerEntries(ctx.state.member.memberId, query));
}
