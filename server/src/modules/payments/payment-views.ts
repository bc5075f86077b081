import { Op, type WhereOptions } from 'sequelize';
import type { PaymentView, QueryOf } from '@mall/shared';
import type { AdminPaymentView, RefundView } from '@mall/shared/admin';
import type { adminListPayments, adminListRefunds } from '@mall/shared/admin';
import { findOrderForPayment } from '../orders';
import { NotFoundError } from '../../platform/errors';
import { Payment } from './payment.model';
import { OfflineTransfer, Refund } from './refund.model';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function toPaymentView(p: Payment, transfer: OfflineTransfer | null): PaymentView {
  return {
    id: p.id,
    orderNo: p.orderNo ?? p.outTradeNo.slice(0, 20),
    channel: p.channel,
    outTradeNo: p.outTradeNo,
    status: p.status,
    amountFen: p.amountFen,
    refundedFen: p.refundedFen,
    transactionId: p.transactionId ?? null,
    paidAt: iso(p.paidAt),
    createdAt: p.createdAt.toISOString(),
    offline: transfer
      ? {
          reference: transfer.reference,
          status: transfer.status,
          hasProof: Boolean(transfer.proofFile),
          rejectReason: transfer.rejectReason ?? null,
          deadlineAt: transfer.deadlineAt.toISOString(),
        }
      : null,
  };
}

export function toAdminPaymentView(p: Payment, transfer: OfflineTransfer | null): AdminPaymentView {
  const confirmations = transfer
    ? [
        [transfer.firstAdminId, transfer.firstAdminName, transfer.firstConfirmedAt],
        [transfer.secondAdminId, transfer.secondAdminName, transfer.secondConfirmedAt],
      ]
        .filter(([id]) => id)
        .map(([adminId, username, at]) => ({
          adminId: adminId as number,
          username: String(username),
          at: iso(at as Date) ?? '',
        }))
    : [];
  return {
    ...toPaymentView(p, transfer),
    memberId: p.memberId,
    needsRefund: p.needsRefund,
    offlineConfirmations: confirmations,
  };
}

async function transfersOf(payments: Payment[]): Promise<Map<number, OfflineTransfer>> {
  const ids = payments.filter((p) => p.channel === 'offline').map((p) => p.id);
  const rows = ids.length ? await OfflineTransfer.findAll({ where: { paymentId: ids } }) : [];
  return new Map(rows.map((t) => [t.paymentId, t]));
}

/** The member's own order's payments; another member's order answers 404, like a missing one. */
export async function memberOrderPayments(memberId: number, orderNo: string) {
  const order = await findOrderForPayment(orderNo, memberId);
  if (!order) throw new NotFoundError('This order', 'orderNo');
  const payments = await Payment.findAll({ where: { orderId: order.orderId }, order: [['id', 'ASC']] });
  const transfers = await transfersOf(payments);
  return { items: payments.map((p) => toPaymentView(p, transfers.get(p.id) ?? null)) };
}

export async function adminPaymentView(paymentId: number): Promise<AdminPaymentView> {
  const payment = await Payment.findByPk(paymentId);
  if (!payment) throw new NotFoundError('This payment', 'paymentId');
  return toAdminPaymentView(payment, await OfflineTransfer.findOne({ where: { paymentId } }));
}

export async function listPayments(q: QueryOf<typeof adminListPayments> & { page: number; pageSize: number }) {
  const where: WhereOptions<Payment> = {
    ...(q.channel ? { channel: q.channel } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.orderNo ? { orderNo: q.orderNo } : {}),
    ...(q.memberId ? { memberId: Number(q.memberId) } : {}),
    ...(q.latePayments === 'true' ? { needsRefund: true } : {}),
    ...(q.from || q.to
      ? {
          createdAt: {
            ...(q.from ? { [Op.gte]: new Date(q.from) } : {}),
            ...(q.to ? { [Op.lt]: new Date(q.to) } : {}),
          },
        }
      : {}),
  };
  const { rows, count } = await Payment.findAndCountAll({
    where,
    order: [['id', 'DESC']],
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const transfers = await transfersOf(rows);
  return {
    items: rows.map((p) => toAdminPaymentView(p, transfers.get(p.id) ?? null)),
    total: count,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export function toRefundView(r: Refund): RefundView {
  return {
    id: r.id,
    refundNo: r.refundNo,
    businessKey: r.businessKey,
    orderNo: r.orderNo,
    paymentId: r.paymentId,
    channel: r.channel,
    amountFen: r.amountFen,
    status: r.status,
    reason: r.reason,
    actor: r.actor,
    providerRefundId: r.providerRefundId ?? null,
    lastError: r.lastError ?? null,
    createdAt: r.createdAt.toISOString(),
    succeededAt: iso(r.succeededAt),
  };
}

export async function listRefunds(q: QueryOf<typeof adminListRefunds> & { page: number; pageSize: number }) {
  const { rows, count } = await Refund.findAndCountAll({
    where: { ...(q.status ? { status: q.status } : {}), ...(q.orderNo ? { orderNo: q.orderNo } : {}) },
    order: [['id', 'DESC']],
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { items: rows.map(toRefundView), total: count, page: q.page, pageSize: q.pageSize };
}
