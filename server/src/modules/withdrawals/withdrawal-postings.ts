import type { Transaction } from 'sequelize';
import { openLedgerAccounts, postLedger, type AccountRef } from '../ledger';

/** A withdrawal's money, in the journal. Every posting is keyed by the withdrawal: a retry posts nothing new. */
interface Subject {
  withdrawalNo: string;
  memberId: number;
  amountFen: number;
  feeFen: number;
  netFen: number;
}

const available = (memberId: number): AccountRef => ({ kind: 'member_available', memberId });
const inTransit: AccountRef = { kind: 'payouts_in_transit' };

/** Call before the transaction that posts (see openLedgerAccounts). */
export const openWithdrawalAccounts = (memberId: number) =>
  openLedgerAccounts([available(memberId), inTransit, { kind: 'platform_clearing' }, { kind: 'payout_fees' }]);

const subjectOf = (w: Subject) => ({ type: 'withdrawal', id: w.withdrawalNo });

/** At the request: the amount leaves the available balance (refused below zero: INSUFFICIENT_BALANCE). */
export const postRequested = (t: Transaction, w: Subject) =>
  postLedger(t, {
    key: `withdrawal:request:${w.withdrawalNo}`,
    kind: 'withdrawal_requested',
    subject: subjectOf(w),
    entries: [
      { account: available(w.memberId), amountFen: -w.amountFen },
      { account: inTransit, amountFen: w.amountFen },
    ],
  });

/** Rejected at review, or the payout failed: the amount goes back to the available balance. */
export const postReturned = (t: Transaction, w: Subject, why: 'rejected' | 'failed') =>
  postLedger(t, {
    key: `withdrawal:return:${w.withdrawalNo}`,
    kind: `withdrawal_${why}`,
    subject: subjectOf(w),
    entries: [
      { account: inTransit, amountFen: -w.amountFen },
      { account: available(w.memberId), amountFen: w.amountFen },
    ],
  });

/** Paid out: the net amount left through the platform's clearing account, the fee is the platform's. */
export const postPaid = (t: Transaction, w: Subject) =>
  postLedger(t, {
    key: `withdrawal:payout:${w.withdrawalNo}`,
    kind: 'withdrawal_paid',
    subject: subjectOf(w),
    entries: [
      { account: inTransit, amountFen: -w.amountFen },
      { account: { kind: 'platform_clearing' }, amountFen: w.netFen },
      ...(w.feeFen > 0 ? [{ account: { kind: 'payout_fees' } as AccountRef, amountFen: w.feeFen }] : []),
    ],
  });
