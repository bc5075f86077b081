import type { Transaction } from 'sequelize';
import { LedgerAccount } from './ledger.model';

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
