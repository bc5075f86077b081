import { defineModule } from '../../platform/module';
import { ledgerInvariants } from './invariants';
import { initLedgerModels } from './ledger.model';
import { registerLedgerRoutes } from './ledger.routes';

export {
  accountCode,
  InsufficientBalanceError,
  openLedgerAccounts,
  MEMBER_ACCOUNT_KINDS,
  PLATFORM_ACCOUNT_KINDS,
  postLedger,
  type AccountRef,
  type MemberAccountKind,
  type PlatformAccountKind,
  type Posted,
  type Posting,
} from './posting';
export { accountBalance, balancesOf, type AccountBalanceView } from './ledger-views';
// issue 11 (finance reports): the journal line by line, and sums per member and day
export {
  journalPage,
  memberFlowsByDay,
  memberFlowsClosedBy,
  type JournalEntryView,
  type JournalFilter,
  type MemberFlowView,
} from './ledger-journal';

/**
 * The money journal, double entry (ledger_accounts, ledger_transactions, ledger_entries): every movement of
 * commission, wallet and payout money is one balanced transaction keyed by its business identity. Other modules
 * post through `postLedger` inside their own database transaction; nobody writes these tables otherwise.
 */
export const ledgerModule = defineModule({
  name: 'ledger',
  initModels: initLedgerModels,
  routes: registerLedgerRoutes,
  invariants: ledgerInvariants,
});
