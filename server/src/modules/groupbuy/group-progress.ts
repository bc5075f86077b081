import { Op, col, literal, type Transaction } from 'sequelize';
import { assertTransition, groupbuyGroupTransitions } from '@mall/shared';
import { forUpdate } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import type { GroupCompleted } from '../../platform/events/domain-events';
import { GroupbuyGroup, GroupbuyMember } from './groupbuy.model';
import { moveMember } from './group-members';

type Deps = Pick<PlatformDeps, 'events'>;

/** What the caller (a flow holding the payment door) does to refund one group order in full, in this transaction. */
export type RefundGroupOrder = (
  order: { groupMemberId: number; orderNo: string },
  reason: string,
  tx: Transaction,
) => Promise<string | null>;

export type GroupPaymentOutcome =
  | { kind: 'none' }
  | { kind: 'opened'; groupId: number; expiresAt: Date }
  | { kind: 'joined'; groupId: number; completed: boolean }
  | { kind: 'refunded'; groupId: number; refundNo: string | null };

/** The refund asked for a place; none (a bank transfer) leaves it refund_failed, for finance to refund by hand. */
async function recordRefundAsked(member: GroupbuyMember, refundNo: string | null, tx: Transaction) {
  if (refundNo) await member.update({ refundNo }, { transaction: tx });
  else await moveMember(member, 'refund_failed', tx);
}

async function paidMembersOf(groupId: number, tx: Transaction) {
  return GroupbuyMember.findAll({
    where: { groupId, status: 'paid' },
    order: [['id', 'ASC']],
    ...forUpdate(tx),
  });
}

async function announceCompleted(deps: Deps, tx: Transaction, group: GroupbuyGroup, at: Date, withFewer: boolean) {
  const members = await paidMembersOf(group.id, tx);
  await deps.events.record<GroupCompleted>(tx, 'groupbuy.group_completed', String(group.id), {
    groupId: group.id,
    campaignId: group.campaignId,
    orders: members.map((m) => ({ orderId: m.orderId, orderNo: m.orderNo, memberId: m.memberId })),
    completedAt: at.toISOString(),
    withFewer,
  });
}

/**
 * An order's payment counted (order.paid). The leader's payment opens the group (expiresAt = paid time + limit).
 * A joiner's payment takes a place by one conditional update (forming, not full, paid before expiry): when two
 * last members pay at once the row lock orders them, the second sees the first's count. The update that makes
 * the count reach the size completes the group, again conditionally, so it completes exactly once. A payment that
 * finds no place (full, failed, expired) is refunded in full through `refund`.
 */
export async function recordGroupPayment(
  deps: Deps,
  tx: Transaction,
  payment: { orderId: number; paidFen: number; paidAt: Date },
  refund: RefundGroupOrder,
): Promise<GroupPaymentOutcome> {
  const member = await GroupbuyMember.findOne({ where: { orderId: payment.orderId }, ...forUpdate(tx) });
  if (!member || member.status !== 'pending_payment') return { kind: 'none' }; // not a group order, or done already
  const paid = { paidAt: payment.paidAt, paidFen: payment.paidFen };
  const group = (await GroupbuyGroup.findByPk(member.groupId, { transaction: tx }))!;

  if (member.isLeader) {
    const expiresAt = new Date(payment.paidAt.getTime() + group.timeLimitSeconds * 1000);
    const [opened] = await GroupbuyGroup.update(
      { status: 'forming', paidCount: 1, expiresAt },
      { where: { id: group.id, status: 'opening' }, transaction: tx },
    );
    if (opened === 1) {
      await moveMember(member, 'paid', tx, paid);
      return { kind: 'opened', groupId: group.id, expiresAt };
    }
  } else {
    const [took] = await GroupbuyGroup.update(
      { paidCount: literal('paid_count + 1') },
      {
        where: {
          id: group.id,
          status: 'forming',
          paidCount: { [Op.lt]: col('group_size') },
          expiresAt: { [Op.gte]: payment.paidAt },
        },
        transaction: tx,
      },
    );
    if (took === 1) {
      await moveMember(member, 'paid', tx, paid);
      const now = new Date();
      const [completed] = await GroupbuyGroup.update(
        { status: 'complete', completedAt: now, closedAt: now },
        { where: { id: group.id, status: 'forming', paidCount: { [Op.gte]: col('group_size') } }, transaction: tx },
      );
      if (completed === 1) await announceCompleted(deps, tx, group, now, false);
      return { kind: 'joined', groupId: group.id, completed: completed === 1 };
    }
  }
  // no place for this payment: the group filled, expired or was closed meanwhile; the money goes back
  await moveMember(member, 'refunding', tx, { paidFen: payment.paidFen });
  const refundNo = await refund(
    { groupMemberId: member.id, orderNo: member.orderNo },
    '拼团已满或已结束，全额退款',
    tx,
  );
  await recordRefundAsked(member, refundNo, tx);
  return { kind: 'refunded', groupId: group.id, refundNo };
}

export type ExpiryOutcome = 'not_due' | 'closed_already' | 'completed' | 'failed';

/**
 * A group at (or past) its expiry: completes with the members it has when the campaign allows fewer, else fails
 * and every paid member is refunded in full. Locked and decided once: a second run (the sweep beside the delayed
 * job, a retried job) finds the group closed and does nothing, and each refund is keyed by the member's place.
 */
export async function closeExpiredGroup(
  deps: Deps,
  tx: Transaction,
  groupId: number,
  now: Date,
  refund: RefundGroupOrder,
): Promise<ExpiryOutcome> {
  const group = await GroupbuyGroup.findByPk(groupId, forUpdate(tx));
  if (!group || group.status !== 'forming') return 'closed_already';
  if (!group.expiresAt || group.expiresAt > now) return 'not_due';
  if (group.allowFewer && group.paidCount >= 1) {
    assertTransition('group-buy group', groupbuyGroupTransitions, group.status, 'complete');
    await group.update({ status: 'complete', completedAt: now, closedAt: now }, { transaction: tx });
    await announceCompleted(deps, tx, group, now, true);
    return 'completed';
  }
  assertTransition('group-buy group', groupbuyGroupTransitions, group.status, 'failed');
  await group.update({ status: 'failed', closedAt: now }, { transaction: tx });
  for (const member of await paidMembersOf(group.id, tx)) {
    await moveMember(member, 'refunding', tx);
    const refundNo = await refund({ groupMemberId: member.id, orderNo: member.orderNo }, '拼团未成团，全额退款', tx);
    await recordRefundAsked(member, refundNo, tx);
  }
  return 'failed';
}

/** Forming groups whose time is up (the sweep behind the delayed jobs). */
export async function expiredGroupIds(now: Date, limit = 200): Promise<number[]> {
  const rows = await GroupbuyGroup.findAll({
    where: { status: 'forming', expiresAt: { [Op.lte]: now } },
    attributes: ['id'],
    order: [['expiresAt', 'ASC']],
    limit,
  });
  return rows.map((r) => r.id);
}

/**
 * Whether an order must wait before it ships: it is a group order, and its group has not completed with it as a
 * paid member (a port fulfilment asks before shipping or pushing an order to the warehouse).
 */
export async function isAwaitingGroup(orderId: number, tx?: Transaction): Promise<boolean> {
  const member = await GroupbuyMember.findOne({
    where: { orderId },
    attributes: ['groupId', 'status'],
    transaction: tx,
  });
  if (!member) return false;
  if (member.status !== 'paid') return true;
  const group = await GroupbuyGroup.findByPk(member.groupId, { attributes: ['status'], transaction: tx });
  return group?.status !== 'complete';
}
