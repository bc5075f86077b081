import { Op, type WhereOptions } from 'sequelize';
import type { PaymentStatus, ReconciliationChannel, RefundStatus } from '@mall/shared';
import { Payment } from './payment.model';
import { Refund } from './refund.model';

/** A payment as the reconciliation compares it with a platform's bill. */
export interface LedgerPaymentView {
  paymentId: number;
  outTradeNo: string;
  transactionId: string | null;
  amountFen: number;
  status: PaymentStatus;
}

export interface LedgerRefundView {
  refundId: number;
  refundNo: string;
  outTradeNo: string;
  providerRefundId: string | null;
  amountFen: number;
  status: RefundStatus;
}

/** Refunds the platform took on: the ones it refused (failed) or never saw (pending) are not on its bill. */
const ACCEPTED_REFUNDS: RefundStatus[] = ['processing', 'succeeded', 'closed', 'abnormal'];

const paymentView = (p: Payment): LedgerPaymentView => ({
  paymentId: p.id,
  outTradeNo: p.outTradeNo,
  transactionId: p.transactionId ?? null,
  amountFen: p.amountFen,
  status: p.status,
});

async function refundViews(where: WhereOptions<Refund>): Promise<LedgerRefundView[]> {
  const refunds = await Refund.findAll({ where, order: [['id', 'ASC']] });
  const payments = refunds.length
    ? await Payment.findAll({ where: { id: [...new Set(refunds.map((r) => r.paymentId))] } })
    : [];
  const outTradeNoOf = new Map(payments.map((p) => [p.id, p.outTradeNo]));
  return refunds.map((r) => ({
    refundId: r.id,
    refundNo: r.refundNo,
    outTradeNo: outTradeNoOf.get(r.paymentId) ?? '',
    providerRefundId: r.providerRefundId ?? null,
    amountFen: r.amountFen,
    status: r.status,
  }));
}

/**
 * Our side of one channel's day [from, to): payments by the time the money arrived (the platform's success time),
 * refunds by the time they were asked of the platform (WeChat Pay bills a refund on the day it accepted it).
 */
export async function ledgerOfDay(channel: ReconciliationChannel, from: Date, to: Date) {
  const payments = await Payment.findAll({
    where: { channel, status: ['succeeded', 'refunded'], paidAt: { [Op.gte]: from, [Op.lt]: to } },
    order: [['id', 'ASC']],
  });
  const refunds = await refundViews({
    channel,
    status: ACCEPTED_REFUNDS,
    createdAt: { [Op.gte]: from, [Op.lt]: to },
  });
  return { payments: payments.map(paymentView), refunds };
}

/** The records a bill names, whatever their day or status (a bill row may be ours from another day). */
export async function ledgerByKeys(
  channel: ReconciliationChannel,
  keys: { outTradeNos: string[]; refundNos: string[] },
) {
  const payments = keys.outTradeNos.length
    ? await Payment.findAll({ where: { channel, outTradeNo: keys.outTradeNos } })
    : [];
  const refunds = keys.refundNos.length ? await refundViews({ channel, refundNo: keys.refundNos }) : [];
  return { payments: payments.map(paymentView), refunds };
}
