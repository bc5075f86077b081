import { z } from 'zod';
import { access, defineRoute, PageQuery, pageOf } from './route';

/** A member's wallet accounts, as the ledger names them without the `member_` prefix. */
export const WALLET_ACCOUNTS = ['available', 'frozen', 'settling', 'receivable'] as const;
export type WalletAccount = (typeof WALLET_ACCOUNTS)[number];

/** One movement of one of my balances: a ledger entry with its transaction's kind and memo. */
export const LedgerEntryView = z.object({
  id: z.number().int(),
  account: z.enum(WALLET_ACCOUNTS),
  /** commission_accrued, commission_released, statement_confirmed, withdrawal_requested ... */
  kind: z.string(),
  /** Signed: money in is positive, money out negative. */
  amountFen: z.number().int(),
  balanceAfterFen: z.number().int(),
  /** The order number and level, the statement number or the withdrawal number it moved for. */
  memo: z.string().nullable(),
  createdAt: z.string(),
});
export type LedgerEntryView = z.infer<typeof LedgerEntryView>;

export const listMyLedgerEntries = defineRoute({
  method: 'GET',
  path: '/api/ledger/entries',
  summary: "My balance movements (资金明细) from the double-entry ledger, newest first; one account's with `account`",
  tags: ['ledger'],
  access: access.member,
  query: PageQuery.extend({ account: z.enum(WALLET_ACCOUNTS).optional() }),
  response: pageOf(LedgerEntryView),
});
