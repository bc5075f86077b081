import { Op, type Transaction } from 'sequelize';
import type { LedgerEntryView, WalletAccount } from '@mall/shared';
import { LedgerAccount, LedgerEntry, LedgerTransaction } from './ledger.model';
import { accountCode, type AccountRef } from './posting';

export interface AccountBalanceView {
  code: string;
  kind: string;
  balanceFen: number;
}

/** A member's accounts and their balances (accounts not used yet are absent: their balance is 0). */
export async function balancesOf(memberId: number, t?: Transaction): Promise<AccountBalanceView[]> {
  const rows = await LedgerAccount.findAll({ where: { memberId }, order: [['id', 'ASC']], transaction: t });
  return rows.map((a) => ({ code: a.code, kind: a.kind, balanceFen: a.balanceFen }));
}

/**
 * One account's balance (0 for an account not opened yet). With `lock`, the account row stays locked to the end of
 * the caller's transaction, so what the caller posts next is decided on a balance nobody else moves meanwhile.
 */
export async function accountBalance(account: AccountRef, t?: Transaction, lock = false): Promise<number> {
  const row = await LedgerAccount.findOne({
    where: { code: accountCode(account) },
    attributes: ['balanceFen'],
    transaction: t,
    ...(lock && t ? { lock: t.LOCK.UPDATE } : {}),
  });
  return row?.balanceFen ?? 0;
}

const WALLET_PREFIX = 'member_';

/**
 * A member's balance movements (资金明细), newest first: the entries of their own accounts, each with its
 * transaction's kind and memo. Accounts are looked up by member first, so nobody else's entry can come back.
 */
export async function memberLedgerEntries(
  memberId: number,
  query: { account?: WalletAccount; page: number; pageSize: number },
): Promise<{ items: LedgerEntryView[]; total: number; page: number; pageSize: number }> {
  const accounts = await LedgerAccount.findAll({
    where: { memberId, ...(query.account ? { kind: `${WALLET_PREFIX}${query.account}` } : {}) },
    attributes: ['id', 'kind'],
  });
  const empty = { items: [], total: 0, page: query.page, pageSize: query.pageSize };
  if (accounts.length === 0) return empty;
  const kindOf = new Map(accounts.map((a) => [a.id, a.kind.slice(WALLET_PREFIX.length) as WalletAccount]));
  const { rows, count } = await LedgerEntry.findAndCountAll({
    where: { accountId: { [Op.in]: [...kindOf.keys()] } },
    order: [['id', 'DESC']],
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const headers = await LedgerTransaction.findAll({
    where: { id: { [Op.in]: [...new Set(rows.map((e) => e.transactionId))] } },
    attributes: ['id', 'kind', 'memo', 'subjectType', 'subjectId'],
  });
  const headerOf = new Map(headers.map((h) => [h.id, h]));
  const items = rows.map((e) => ({
    id: e.id,
    account: kindOf.get(e.accountId)!,
    kind: headerOf.get(e.transactionId)?.kind ?? 'unknown',
    amountFen: e.amountFen,
    balanceAfterFen: e.balanceAfterFen,
    memo: memoOf(headerOf.get(e.transactionId)),
    createdAt: e.createdAt.toISOString(),
  }));
  return { ...empty, items, total: count };
}

/** Withdrawal postings carry no memo: their withdrawal number says what they were for. */
function memoOf(header: LedgerTransaction | undefined): string | null {
  if (!header) return null;
  return header.memo ?? (header.subjectType === 'withdrawal' ? header.subjectId : null);
}
