import type { Transaction } from 'sequelize';
import { sumFen } from '@mall/shared';
import { findOrderForPayment } from '../orders';
import { forUpdate, withTx } from '../../platform/db/database';
import { DomainError, NotFoundError, ValidationError } from '../../platform/errors';
import type { PlatformDeps } from '../../platform/deps';
import { enqueueAfterCommit } from '../../platform/queue/queues';
import { Payment } from './payment.model';
import { Refund } from './refund.model';

export const REFUND_SUBMIT_JOB = 'refund-submit';
export const REFUND_QUERY_JOB = 'refund-query';

/** One line's share of a refund (after-sales passes them; a whole-order refund may leave them out). */
export interface RefundLine {
  lineId: number;
  skuId: number;
  quantity: number;
  refundFen: number;
}

export interface RefundRequest {
  /** Who asks, as a business identity: 'aftersales:123', 'late-payment:<paymentId>'. The same key refunds once. */
  businessKey: string;
  orderNo: string;
  amountFen: number;
  lines?: RefundLine[];
  reason: string;
  /** `admin:<name>`, `member:<id>`, `system:<what>` */
  actor: string;
  /** Refund this payment; by default the order's paid payment with enough left. */
  paymentId?: number;
}

export interface RefundReceipt {
  refundNo: string;
  status: string;
  amountFen: number;
  channel: string;
  /** false when the business key had already asked: nothing new was written. */
  created: boolean;
}

/**
 * The door for every refund. In one transaction (the caller's, when given): lock the order's payments, refuse more
 * than is left to refund, count the amount as refunded at once (closed or failed refunds give it back), and store
 * the refund with its refund number before any platform is called. The platform call is a Bull job after commit,
 * retried with the same number, so the money goes back exactly once.
 */
export async function requestRefund(
  deps: PlatformDeps,
  req: RefundRequest,
  outer?: Transaction,
): Promise<RefundReceipt> {
  if (!Number.isSafeInteger(req.amountFen) || req.amountFen <= 0) {
    throw new ValidationError('amountFen must be a positive whole number of fen', 'amountFen');
  }
  if (!/^[\w:.-]{3,96}$/.test(req.businessKey)) throw new ValidationError('businessKey is malformed', 'businessKey');
  if (req.lines?.length && sumFen(req.lines.map((l) => l.refundFen)) !== req.amountFen) {
    throw new ValidationError('the lines must add up to amountFen', 'lines');
  }
  const work = async (tx: Transaction): Promise<RefundReceipt> => {
    const order = await findOrderForPayment(req.orderNo, undefined, tx);
    if (!order) throw new NotFoundError('This order', 'orderNo');
    // the payment rows are the lock every refund of this order takes, in id order
    const payments = await Payment.findAll({
      where: { orderId: order.orderId },
      order: [['id', 'ASC']],
      transaction: tx,
      lock: tx.LOCK.UPDATE,
    });
    // locking reads from here on: they see what other refunds committed while this one waited for the lock
    const earlier = await Refund.findOne({ where: { businessKey: req.businessKey }, ...forUpdate(tx) });
    if (earlier) {
      if (earlier.amountFen !== req.amountFen || earlier.orderNo !== order.orderNo) {
        throw new DomainError(
          'REFUND_KEY_REUSED',
          `${req.businessKey} already asked for another refund`,
          409,
          'businessKey',
        );
      }
      return receipt(earlier, false);
    }
    const paid = payments.filter((p) => p.status === 'succeeded' && (!req.paymentId || p.id === req.paymentId));
    const payment = paid
      .filter((p) => p.amountFen - p.refundedFen >= req.amountFen)
      .sort((a, b) => b.amountFen - b.refundedFen - (a.amountFen - a.refundedFen))[0];
    if (!payment) {
      const leftFen = Math.max(0, ...paid.map((p) => p.amountFen - p.refundedFen));
      throw new DomainError(
        'REFUND_EXCEEDS_PAID',
        `At most ${leftFen} fen of this order can still be refunded`,
        409,
        'amountFen',
      );
    }
    if (payment.channel === 'offline') {
      throw new DomainError('REFUND_CHANNEL_MANUAL', 'A bank transfer is refunded by bank transfer, by hand', 409);
    }
    await payment.update({ refundedFen: payment.refundedFen + req.amountFen }, { transaction: tx });
    const count = (await Refund.findAll({ where: { paymentId: payment.id }, attributes: ['id'], ...forUpdate(tx) }))
      .length;
    const refund = await Refund.create(
      {
        refundNo: `R${payment.outTradeNo}${String(count + 1).padStart(3, '0')}`,
        businessKey: req.businessKey,
        paymentId: payment.id,
        orderId: order.orderId,
        orderNo: order.orderNo,
        memberId: order.memberId,
        channel: payment.channel,
        amountFen: req.amountFen,
        status: 'pending',
        linesJson: JSON.stringify(req.lines ?? []),
        reason: req.reason.slice(0, 200),
        actor: req.actor.slice(0, 64),
      },
      { transaction: tx },
    );
    enqueueAfterCommit(
      tx,
      deps.queues.payments,
      REFUND_SUBMIT_JOB,
      { refundNo: refund.refundNo },
      { jobId: `${REFUND_SUBMIT_JOB}:${refund.refundNo}` },
      deps.logger,
    );
    return receipt(refund, true);
  };
  return outer ? work(outer) : withTx(deps.sequelize, work);
}

const receipt = (r: Refund, created: boolean): RefundReceipt => ({
  refundNo: r.refundNo,
  status: r.status,
  amountFen: r.amountFen,
  channel: r.channel,
  created,
});
