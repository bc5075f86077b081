import type { Transaction } from 'sequelize';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import type { DomainEvent, OrderRefundApplied, OrderStatusChanged } from '../../platform/events/domain-events';
import type { MemberJoined, MemberReferrerChanged } from '../members';
import { cancelLot, earnPoints, shrinkFrozenLot, thawLot } from './earn-points';
import { evaluateLevel } from './level-evaluation';
import { levelOf } from './levels';
import { pointsForPaid } from './loyalty-rules';
import { SpendEntry } from './loyalty.model';
import { lockAccount } from './points-ledger';

type Deps = Pick<PlatformDeps, 'sequelize' | 'config' | 'events'>;

const orderKey = (orderId: number) => `order:${orderId}`;

/** Paid: spend and activity go up, and the member may move up a level (never down: that is the nightly job's). */
async function onOrderPaid(deps: Deps, { payload, occurredAt }: DomainEvent<OrderStatusChanged>, tx: Transaction) {
  const at = new Date(occurredAt);
  const account = await lockAccount(payload.memberId, tx);
  if (!account.lastActiveAt || account.lastActiveAt < at)
    await account.update({ lastActiveAt: at }, { transaction: tx });
  await SpendEntry.bulkCreate(
    [
      {
        memberId: payload.memberId,
        orderId: payload.orderId,
        kind: 'paid',
        amountFen: payload.paidFen,
        occurredAt: at,
      },
    ],
    { ignoreDuplicates: true, transaction: tx },
  );
  await evaluateLevel(deps, payload.memberId, 'upgrade', new Date(), tx, account);
}

/**
 * Refunded in full. Refunds that came one by one (after-sales, `order.refund_applied`) were taken back as they
 * came; this takes back what is left (all of it when the order was refunded at once). The spend falls, dated at
 * the payment (so the window counts an order net of its refund), and the order's frozen points are cancelled. The
 * level is not lowered here: only the nightly job lowers levels.
 */
async function onOrderRefunded(deps: Deps, { payload, occurredAt }: DomainEvent<OrderStatusChanged>, tx: Transaction) {
  await lockAccount(payload.memberId, tx);
  const left = payload.paidFen - payload.refundedFen;
  if (left > 0) await takeBackSpend(payload.memberId, payload.orderId, left, '', new Date(occurredAt), tx);
  await cancelLot(payload.memberId, orderKey(payload.orderId), new Date(), tx);
}

/** Part of an order went back: its spend falls by exactly that much, and its frozen points shrink to the rest's. */
async function onRefundApplied(deps: Deps, { payload, occurredAt }: DomainEvent<OrderRefundApplied>, tx: Transaction) {
  await lockAccount(payload.memberId, tx);
  await takeBackSpend(payload.memberId, payload.orderId, payload.refundFen, payload.refundNo, new Date(occurredAt), tx);
  if (payload.fullyRefunded) return; // order.refunded cancels the lot
  const { level } = await levelOf(payload.memberId, tx);
  const keep = pointsForPaid(payload.orderPaidFen - payload.orderRefundedFen, level.pointsMultiplierBps);
  await shrinkFrozenLot(payload.memberId, orderKey(payload.orderId), keep, `refund:${payload.refundNo}`, tx);
}

async function takeBackSpend(
  memberId: number,
  orderId: number,
  amountFen: number,
  ref: string,
  at: Date,
  tx: Transaction,
) {
  const paid = await SpendEntry.findOne({ where: { orderId, kind: 'paid' }, transaction: tx });
  await SpendEntry.bulkCreate(
    [{ memberId, orderId, kind: 'refunded', ref, amountFen: -amountFen, occurredAt: paid?.occurredAt ?? at }],
    { ignoreDuplicates: true, transaction: tx },
  );
}

/** Received: points at the member's level multiplier, frozen until the order completes (the after-sales window). */
async function earnOrderPoints(deps: Deps, payload: OrderStatusChanged, tx: Transaction) {
  const { level } = await levelOf(payload.memberId, tx);
  return earnPoints(
    {
      memberId: payload.memberId,
      sourceKey: orderKey(payload.orderId),
      // what the order still paid once the refunds that overtook the receipt are taken out
      points: pointsForPaid(payload.paidFen - payload.refundedFen, level.pointsMultiplierBps),
      kind: 'order_frozen',
      isFrozen: true,
      reason: payload.orderNo,
      now: new Date(),
      expiryDays: deps.config.loyalty.pointsExpiryDays,
    },
    tx,
  );
}

/** Completed: the frozen points become spendable. If the receipt event has not been handled yet, earn them now. */
async function onOrderCompleted(deps: Deps, { payload }: DomainEvent<OrderStatusChanged>, tx: Transaction) {
  await earnOrderPoints(deps, payload, tx); // a no-op when the receipt already earned them
  await thawLot(payload.memberId, orderKey(payload.orderId), tx); // a no-op when already thawed
}

/** A referred member joined: points to both, once per new member. Points only, never cash (no pay per recruit). */
async function onMemberJoined(deps: Deps, { payload }: DomainEvent<MemberJoined>, tx: Transaction) {
  if (payload.referrerId === null) return;
  const { referralInviterPoints, referralInviteePoints, pointsExpiryDays } = deps.config.loyalty;
  const common = { kind: 'referral_join' as const, isFrozen: false, now: new Date(), expiryDays: pointsExpiryDays };
  await earnPoints(
    {
      ...common,
      memberId: payload.referrerId,
      sourceKey: `join:${payload.memberId}:inviter`,
      points: referralInviterPoints,
    },
    tx,
  );
  await earnPoints(
    {
      ...common,
      memberId: payload.memberId,
      sourceKey: `join:${payload.memberId}:invitee`,
      points: referralInviteePoints,
    },
    tx,
  );
}

/** Subscribes every loyalty listener; called from startProcessors before events start flowing. */
export function subscribeLoyaltyListeners(deps: Deps) {
  const inTx =
    <P>(handler: (deps: Deps, event: DomainEvent<P>, tx: Transaction) => Promise<void>) =>
    (event: DomainEvent<P>) =>
      withTx(deps.sequelize, (tx) => handler(deps, event, tx));
  deps.events.subscribe<OrderStatusChanged>('order.paid', 'loyalty-spend', inTx(onOrderPaid));
  deps.events.subscribe<OrderStatusChanged>('order.refunded', 'loyalty-refund', inTx(onOrderRefunded));
  deps.events.subscribe<OrderRefundApplied>('order.refund_applied', 'loyalty-refund-part', inTx(onRefundApplied));
  deps.events.subscribe<OrderStatusChanged>(
    'order.received',
    'loyalty-earn',
    inTx(async (d, e, tx) => void (await earnOrderPoints(d, e.payload, tx))),
  );
  deps.events.subscribe<OrderStatusChanged>('order.completed', 'loyalty-thaw', inTx(onOrderCompleted));
  deps.events.subscribe<MemberJoined>('member.joined', 'loyalty-join-points', inTx(onMemberJoined));
  // a new direct referral may lift the referrer (perks only)
  deps.events.subscribe<MemberJoined>(
    'member.joined',
    'loyalty-referrer-level',
    inTx(async (d, e, tx) => {
      if (e.payload.referrerId !== null) await evaluateLevel(d, e.payload.referrerId, 'upgrade', new Date(), tx);
    }),
  );
  deps.events.subscribe<MemberReferrerChanged>(
    'member.referrer_changed',
    'loyalty-referrer-level',
    inTx(async (d, e, tx) => void (await evaluateLevel(d, e.payload.toReferrerId, 'upgrade', new Date(), tx))),
  );
}
