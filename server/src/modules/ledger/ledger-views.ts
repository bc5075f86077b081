import type { Transaction } from 'sequelize';
import { LedgerAccount } from './ledger.model';
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
