import { UniqueConstraintError, type Transaction } from 'sequelize';
import { assertFen } from '@mall/shared';
import { DomainError } from '../../platform/errors';
import { LedgerAccount, LedgerEntry, LedgerTransaction } from './ledger.model';

/**
 * Account kinds. A member's money is in `member_available` (can be withdrawn), `member_frozen` (accrued, waiting
 * for receipt plus the after-sales window), `member_settling` (released into a settlement statement the member has
 * not confirmed yet) and `member_receivable` (what a member owes back when commission
 * already paid out is reversed). The platform's side: `commission_expense` (where commission comes from),
 * `platform_revenue`, `payouts_in_transit` (withdrawals on their way to a bank or a WeChat balance),
 * `payout_fees` and `platform_clearing` (the money at WeChat Pay, Alipay and the bank). Member accounts never go
 * below zero, except `member_receivable`, which holds a debt as a negative balance (commission reversed after it
 * was paid out, more than the member had left); platform accounts may (they are the other side of every member
 * balance).
 */
export const MEMBER_ACCOUNT_KINDS = [
  'member_available',
  'member_frozen',
  'member_settling',
  'member_receivable',
] as const;
export const PLATFORM_ACCOUNT_KINDS = [
  'commission_expense',
  'platform_revenue',
  'payouts_in_transit',
  'payout_fees',
  'platform_clearing',
] as const;
export type MemberAccountKind = (typeof MEMBER_ACCOUNT_KINDS)[number];
export type PlatformAccountKind = (typeof PLATFORM_ACCOUNT_KINDS)[number];

export type AccountRef = { kind: MemberAccountKind; memberId: number } | { kind: PlatformAccountKind };

export const accountCode = (ref: AccountRef): string =>
  'memberId' in ref ? `member:${ref.memberId}:${ref.kind.replace('member_', '')}` : `platform:${ref.kind}`;

export interface Posting {
  /** The business identity of this movement: a retry with the same key finds the first one and changes nothing. */
  key: string;
  kind: string;
  memo?: string;
  subject?: { type: string; id: string | number };
  /** Signed amounts per account; they must sum to zero. One account may appear once. */
  entries: ReadonlyArray<{ account: AccountRef; amountFen: number }>;
}

export interface Posted {
  transactionId: number;
  /** True when the key had been posted before: nothing was written now. */
  replayed: boolean;
  balances: Record<string, number>;
}

/** The caller asked for money a member account does not hold: nothing was written. */
export class InsufficientBalanceError extends DomainError {
  constructor(
    readonly accountCode: string,
    balanceFen: number,
    wantedFen: number,
  ) {
    super(
      'INSUFFICIENT_BALANCE',
      `The balance is ${balanceFen} fen; ${wantedFen} fen cannot be taken from it`,
      409,
      undefined,
      { balanceFen },
    );
  }
}

function checkPosting(posting: Posting): void {
  if (!posting.key || posting.key.length > 128) throw new RangeError('a posting needs a key of at most 128 characters');
  if (posting.entries.length < 2) throw new RangeError('a posting has at least two entries');
  const codes = new Set<string>();
  let sum = 0;
  for (const e of posting.entries) {
    assertFen(e.amountFen, 'amountFen');
    if (e.amountFen === 0) throw new RangeError('an entry of 0 fen moves nothing');
    const code = accountCode(e.account);
    if (codes.has(code)) throw new RangeError(`account ${code} appears twice in one posting`);
    codes.add(code);
    sum += e.amountFen;
  }
  if (sum !== 0) throw new RangeError(`the entries of ${posting.key} sum to ${sum} fen, not zero`);
}

const entriesText = (entries: ReadonlyArray<{ code: string; amountFen: number }>) =>
  entries
    .map((e) => `${e.code}=${e.amountFen}`)
    .sort()
    .join(',');

/**
 * Posts one balanced transaction inside the caller's database transaction, so the money moves with the business
 * state change that caused it or not at all. Post it FIRST in that transaction: when `replayed` comes back, the
 * business change was made by the earlier call and the caller does nothing more.
 *
 * Its accounts must have been opened (`openLedgerAccounts`, before the transaction); they are locked in code
 * order (two postings on the same accounts queue, never deadlock on each other). A member account that would go below zero refuses the whole posting
 * (InsufficientBalanceError). The same key with other entries is refused (LEDGER_KEY_REUSED).
 */
export async function postLedger(t: Transaction, posting: Posting): Promise<Posted> {
  checkPosting(posting);
  const wanted = posting.entries.map((e) => ({ code: accountCode(e.account), ...e }));

  let header: LedgerTransaction;
  try {
    header = await LedgerTransaction.create(
      {
        idempotencyKey: posting.key,
        kind: posting.kind,
        memo: posting.memo ?? null,
        subjectType: posting.subject?.type ?? null,
        subjectId: posting.subject ? String(posting.subject.id) : null,
      },
      { transaction: t },
    );
  } catch (error) {
    if (!(error instanceof UniqueConstraintError)) throw error;
    return replay(t, posting, wanted);
  }

  const accounts = await lockAccounts(t, wanted);
  const balances: Record<string, number> = {};
  const entries: Array<{ transactionId: number; accountId: number; amountFen: number; balanceAfterFen: number }> = [];
  for (const account of accounts) {
    const { amountFen } = wanted.find((w) => w.code === account.code)!;
    const after = account.balanceFen + amountFen;
    if (after < 0 && !account.allowNegative)
      throw new InsufficientBalanceError(account.code, account.balanceFen, -amountFen);
    await LedgerAccount.update({ balanceFen: after }, { where: { id: account.id }, transaction: t });
    balances[account.code] = after;
    entries.push({ transactionId: header.id, accountId: account.id, amountFen, balanceAfterFen: after });
  }
  await LedgerEntry.bulkCreate(entries, { transaction: t });
  return { transactionId: header.id, replayed: false, balances };
}

const accountRow = (account: AccountRef) => ({
  code: accountCode(account),
  kind: account.kind,
  memberId: 'memberId' in account ? account.memberId : null,
  allowNegative: !('memberId' in account) || account.kind === 'member_receivable',
});

/**
 * Opens accounts (idempotent, one statement): call it BEFORE the database transaction that posts to them. Made
 * inside that transaction, concurrent first postings to one new account would deadlock on the unique code's gap
 * locks, and made on a second connection meanwhile they could starve the pool.
 */
export async function openLedgerAccounts(accounts: ReadonlyArray<AccountRef>): Promise<void> {
  const rows = [...new Map(accounts.map((a) => [accountCode(a), accountRow(a)])).values()];
  if (rows.length > 0) await LedgerAccount.bulkCreate(rows, { ignoreDuplicates: true });
}

/**
 * The posting's accounts, locked in code order: concurrent postings to the same accounts queue in one order and
 * never deadlock on each other. An account that was not opened: a member account given money is a caller's bug;
 * one asked for money has none (INSUFFICIENT_BALANCE).
 */
async function lockAccounts(
  t: Transaction,
  wanted: ReadonlyArray<{ code: string; amountFen: number }>,
): Promise<LedgerAccount[]> {
  const accounts = await LedgerAccount.findAll({
    where: { code: wanted.map((w) => w.code) },
    order: [['code', 'ASC']],
    lock: t.LOCK.UPDATE,
    transaction: t,
  });
  for (const w of wanted) {
    if (accounts.some((a) => a.code === w.code)) continue;
    if (w.amountFen < 0 && w.code.startsWith('member:')) throw new InsufficientBalanceError(w.code, 0, -w.amountFen);
    throw new Error(`ledger account ${w.code} was not opened (openLedgerAccounts before the transaction)`);
  }
  return accounts;
}

async function replay(
  t: Transaction,
  posting: Posting,
  wanted: Array<{ code: string; amountFen: number }>,
): Promise<Posted> {
  // locking reads see the committed row of the posting that won, whatever this transaction read before
  const read = { transaction: t, lock: t.LOCK.SHARE };
  const header = await LedgerTransaction.findOne({ where: { idempotencyKey: posting.key }, ...read });
  if (!header) throw new Error(`ledger transaction ${posting.key} vanished`);
  const entries = await LedgerEntry.findAll({ where: { transactionId: header.id }, ...read });
  const accounts = await LedgerAccount.findAll({ where: { id: entries.map((e) => e.accountId) }, ...read });
  const codeOf = new Map(accounts.map((a) => [a.id, a.code]));
  const had = entries.map((e) => ({ code: codeOf.get(e.accountId)!, amountFen: e.amountFen }));
  if (header.kind !== posting.kind || entriesText(had) !== entriesText(wanted))
    throw new DomainError('LEDGER_KEY_REUSED', `${posting.key} was posted before with other amounts`, 409);
  return {
    transactionId: header.id,
    replayed: true,
    balances: Object.fromEntries(accounts.map((a) => [a.code, a.balanceFen])),
  };
}
