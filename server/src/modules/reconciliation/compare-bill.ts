/**
 * The comparison itself, pure: the platform's rows of a day against our payments and refunds of that day. A row is
 * matched by its business key (out_trade_no for a payment, the refund number for a refund), never by amount.
 * - on the bill, unknown to us (on any day): missing_ours;
 * - ours that day, not on the bill: missing_theirs;
 * - both know it: amount_differs when the amounts differ, else status_differs when the statuses disagree.
 * One difference per row, the amount first (a wrong amount is the one to look at).
 */
import type { MismatchKind, PaymentStatus, RefundStatus } from '@mall/shared';
import type { PlatformBillRow } from '../../integrations/platform-bill';

export interface OurPayment {
  paymentId: number;
  outTradeNo: string;
  amountFen: number;
  status: PaymentStatus;
}

export interface OurRefund {
  refundId: number;
  refundNo: string;
  outTradeNo: string;
  amountFen: number;
  status: RefundStatus;
}

export interface OurSide {
  payments: OurPayment[];
  refunds: OurRefund[];
}

export interface FoundMismatch {
  kind: MismatchKind;
  subject: 'payment' | 'refund';
  outTradeNo: string;
  refundNo: string | null;
  paymentId: number | null;
  refundId: number | null;
  theirTransactionId: string | null;
  ourAmountFen: number | null;
  theirAmountFen: number | null;
  ourStatus: PaymentStatus | RefundStatus | null;
  theirStatus: string | null;
}

/** A bill row's payment status that means the money came in (WeChat Pay SUCCESS, Alipay 交易). */
const PAID = new Set(['SUCCESS', '交易']);
const MONEY_IN: readonly PaymentStatus[] = ['succeeded', 'refunded'];

/**
 * Which of our refund statuses agree with the bill's. The bill is a snapshot taken when it was made (WeChat Pay
 * does not update a billed refund's status), so PROCESSING there agrees with anything the platform accepted;
 * ABNORMAL is settled by hand afterwards, as succeeded or closed. Alipay bills only finished refunds (退款).
 */
const REFUND_AGREES: Record<string, readonly RefundStatus[]> = {
  SUCCESS: ['succeeded'],
  退款: ['succeeded'],
  PROCESSING: ['pending', 'processing', 'succeeded', 'closed', 'abnormal'],
  CLOSED: ['closed'],
  ABNORMAL: ['abnormal', 'succeeded', 'closed'],
};

export function statusesAgree(row: PlatformBillRow, ours: PaymentStatus | RefundStatus): boolean {
  if (row.kind === 'payment') return PAID.has(row.status) === MONEY_IN.includes(ours as PaymentStatus);
  return (REFUND_AGREES[row.status] ?? []).includes(ours as RefundStatus);
}

export function compareBill(theirs: readonly PlatformBillRow[], ourDay: OurSide, ourKnown: OurSide): FoundMismatch[] {
  const payments = new Map([...ourKnown.payments, ...ourDay.payments].map((p) => [p.outTradeNo, p]));
  const refunds = new Map([...ourKnown.refunds, ...ourDay.refunds].map((r) => [r.refundNo, r]));
  const billed = new Set<string>();
  const found: FoundMismatch[] = [];

  for (const row of theirs) {
    const theirSide = {
      theirTransactionId: row.platformId,
      theirAmountFen: row.amountFen,
      theirStatus: row.status,
    };
    if (row.kind === 'payment') {
      billed.add(`P:${row.outTradeNo}`);
      const ours = payments.get(row.outTradeNo);
      const kind = !ours
        ? 'missing_ours'
        : ours.amountFen !== row.amountFen
          ? 'amount_differs'
          : !statusesAgree(row, ours.status)
            ? 'status_differs'
            : null;
      if (kind) {
        found.push({
          kind,
          subject: 'payment',
          outTradeNo: row.outTradeNo,
          refundNo: null,
          paymentId: ours?.paymentId ?? null,
          refundId: null,
          ourAmountFen: ours?.amountFen ?? null,
          ourStatus: ours?.status ?? null,
          ...theirSide,
        });
      }
      continue;
    }
    const refundNo = row.refundNo ?? '';
    billed.add(`R:${refundNo}`);
    const ours = refunds.get(refundNo);
    const kind = !ours
      ? 'missing_ours'
      : ours.amountFen !== row.amountFen
        ? 'amount_differs'
        : !statusesAgree(row, ours.status)
          ? 'status_differs'
          : null;
    if (kind) {
      found.push({
        kind,
        subject: 'refund',
        outTradeNo: ours?.outTradeNo || row.outTradeNo,
        refundNo,
        paymentId: null,
        refundId: ours?.refundId ?? null,
        ourAmountFen: ours?.amountFen ?? null,
        ourStatus: ours?.status ?? null,
        ...theirSide,
      });
    }
  }

  const notBilled = { theirTransactionId: null, theirAmountFen: null, theirStatus: null };
  for (const p of ourDay.payments) {
    if (billed.has(`P:${p.outTradeNo}`)) continue;
    found.push({
      kind: 'missing_theirs',
      subject: 'payment',
      outTradeNo: p.outTradeNo,
      refundNo: null,
      paymentId: p.paymentId,
      refundId: null,
      ourAmountFen: p.amountFen,
      ourStatus: p.status,
      ...notBilled,
    });
  }
  for (const r of ourDay.refunds) {
    if (billed.has(`R:${r.refundNo}`)) continue;
    found.push({
      kind: 'missing_theirs',
      subject: 'refund',
      outTradeNo: r.outTradeNo,
      refundNo: r.refundNo,
      paymentId: null,
      refundId: r.refundId,
      ourAmountFen: r.amountFen,
      ourStatus: r.status,
      ...notBilled,
    });
  }
  return found;
}

/** Both sides' counts and sums, for the run's report line. */
export function sidesOf(theirs: readonly PlatformBillRow[], ourDay: OurSide) {
  const sum = (list: { amountFen: number }[]) => list.reduce((s, x) => s + x.amountFen, 0);
  const theirPayments = theirs.filter((r) => r.kind === 'payment');
  const theirRefunds = theirs.filter((r) => r.kind === 'refund');
  return {
    theirPaymentCount: theirPayments.length,
    theirPaymentFen: sum(theirPayments),
    theirRefundCount: theirRefunds.length,
    theirRefundFen: sum(theirRefunds),
    ourPaymentCount: ourDay.payments.length,
    ourPaymentFen: sum(ourDay.payments),
    ourRefundCount: ourDay.refunds.length,
    ourRefundFen: sum(ourDay.refunds),
  };
}
