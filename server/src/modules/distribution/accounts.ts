import type { AccountRef } from '../ledger';

/** The ledger accounts commission moves through: the platform's expense and each earner's four balances. */
export const expense: AccountRef = { kind: 'commission_expense' };
export const frozenOf = (memberId: number): AccountRef => ({ kind: 'member_frozen', memberId });
export const settlingOf = (memberId: number): AccountRef => ({ kind: 'member_settling', memberId });
export const availableOf = (memberId: number): AccountRef => ({ kind: 'member_available', memberId });
export const receivableOf = (memberId: number): AccountRef => ({ kind: 'member_receivable', memberId });
