import type { Transaction } from 'sequelize';
import { withTx, forUpdate } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import type { OrderStatusChanged, RefundFailed, RefundSucceeded } from '../../platform/events/domain-events';
import { GroupbuyGroup, GroupbuyMember } from './groupbuy.model';
import { moveMember, returnQuota } from './group-members';

async function memberOfOrder(orderId: number, tx: Transaction) {
  return GroupbuyMember.findOne({ where: { orderId }, ...forUpdate(tx) });
}

/** An unpaid group order was cancelled: its place and units go back; a leader's unopened group is cancelled. */
export async function releaseCancelledOrder(tx: Transaction, orderId: number) {
  const member = await memberOfOrder(orderId, tx);
  if (!member || member.status !== 'pending_payment') return;
  await moveMember(member, 'cancelled', tx);
  await returnQuota(member.campaignId, member.memberId, member.quantity, tx);
  if (member.isLeader) {
    await GroupbuyGroup.update(
      { status: 'cancelled', closedAt: new Date() },
      { where: { id: member.groupId, status: 'opening' }, transaction: tx },
    );
  }
}

/** The money of a group refund came back (refund.succeeded of a refund this module asked for). */
export async function settleGroupRefund(tx: Transaction, refundNo: string, succeeded: boolean) {
  const member = await GroupbuyMember.findOne({ where: { refundNo }, ...forUpdate(tx) });
  if (!member || member.status !== 'refunding') return;
  await moveMember(member, succeeded ? 'refunded' : 'refund_failed', tx);
  if (succeeded) await returnQuota(member.campaignId, member.memberId, member.quantity, tx);
}

/** A paid member's order was refunded in full by after-sales (a completed group): the place shows it. */
export async function markAftersaleRefunded(tx: Transaction, orderId: number) {
  const member = await memberOfOrder(orderId, tx);
  if (!member || member.status !== 'paid') return;
  await moveMember(member, 'refunded', tx);
  await returnQuota(member.campaignId, member.memberId, member.quantity, tx);
}

export function subscribeGroupbuyListeners(deps: PlatformDeps) {
  const inTx = (work: (tx: Transaction) => Promise<void>) => withTx(deps.sequelize, work);
  deps.events.subscribe<OrderStatusChanged>('order.cancelled', 'groupbuy:order-cancelled', ({ payload }) =>
    inTx((tx) => releaseCancelledOrder(tx, payload.orderId)),
  );
  deps.events.subscribe<OrderStatusChanged>('order.refunded', 'groupbuy:order-refunded', ({ payload }) =>
    inTx((tx) => markAftersaleRefunded(tx, payload.orderId)),
  );
  deps.events.subscribe<RefundSucceeded>('refund.succeeded', 'groupbuy:refund-succeeded', ({ payload }) =>
    inTx((tx) => settleGroupRefund(tx, payload.refundNo, true)),
  );
  deps.events.subscribe<RefundFailed>('refund.failed', 'groupbuy:refund-failed', ({ payload }) =>
    inTx((tx) => settleGroupRefund(tx, payload.refundNo, false)),
  );
}
