import { UniqueConstraintError, type Transaction } from 'sequelize';
import type { DistributionPolicy } from '@mall/shared';
import { forUpdate, withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import type { OrderStatusChanged } from '../../platform/events/domain-events';
import { currentPolicy, distributorOf } from '../distribution';
import { awardPoints } from '../loyalty';
import { couponOutcome, settleReward } from './settle-reward';
import { ReferralPurchaseReward } from './teamgrowth.model';

export const referralPointsKey = (refereeId: number) => `referral-buy:${refereeId}`;

/** Why this referrer gets nothing for this referee, or null when the policy's reward is owed. */
async function skipReason(policy: DistributionPolicy, referrerId: number, tx: Transaction): Promise<string | null> {
  const reward = policy.referralReward;
  if (reward === null) return 'the policy has no referral reward';
  if (reward.kind === 'cash') return 'cash is never a referral reward'; // the guard refused it at boot already
  if (reward.kind === 'honour') return 'honours are awarded by team rankings only';
  if (reward.amount <= 0) return 'the policy reward is zero';
  if ((await distributorOf(policy, referrerId, tx)).status === 'frozen') return 'the referrer is frozen';
  return null;
}

/**
 * The reward row of this referee, written once: their first completed order decides it (granted, or skipped with
 * the reason). Points are credited in the same transaction; a coupon is left pending for the coupons module.
 */
async function recordReward(deps: PlatformDeps, order: OrderStatusChanged, referrerId: number) {
  const policy = await currentPolicy(deps);
  return withTx(deps.sequelize, async (tx) => {
    const existing = await ReferralPurchaseReward.findOne({ where: { refereeId: order.memberId }, ...forUpdate(tx) });
    if (existing) return existing;
    const skip = await skipReason(policy, referrerId, tx);
    const reward = await ReferralPurchaseReward.create(
      {
        refereeId: order.memberId,
        referrerId,
        orderId: order.orderId,
        kind: policy.referralReward?.kind === 'coupon' ? 'coupon' : 'points',
        amount: skip ? 0 : policy.referralReward!.amount,
        status: skip ? 'skipped' : 'pending',
        reason: skip ?? '',
      },
      { transaction: tx },
    );
    if (reward.status === 'pending' && reward.kind === 'points') {
      const points = { memberId: referrerId, sourceKey: referralPointsKey(order.memberId), points: reward.amount };
      await awardPoints(deps, { ...points, kind: 'referral_buy', reason: order.orderNo }, tx);
      await settleReward(reward, 'granted', '', tx);
    }
    return reward;
  });
}

/**
 * `order.completed` (the after-sales window closed, so a refund can no longer take the purchase back): the buyer's
 * level-1 referrer, as frozen on the order, earns the policy's referral reward, once per referred member. Points
 * or a coupon, never cash (no pay per recruit). A duplicate delivery or a retry finds the row and changes nothing.
 */
export async function rewardReferralPurchase(deps: PlatformDeps, order: OrderStatusChanged): Promise<void> {
  const referrerId = order.referrerChain[0];
  if (referrerId === undefined || referrerId === order.memberId) return;
  if (order.paidFen - order.refundedFen <= 0) return; // nothing was kept: not a purchase
  let reward: ReferralPurchaseReward;
  try {
    reward = await recordReward(deps, order, referrerId);
  } catch (error) {
    if (!(error instanceof UniqueConstraintError)) throw error;
    reward = (await ReferralPurchaseReward.findOne({ where: { refereeId: order.memberId } }))!; // a twin wrote it
  }
  if (reward.status !== 'pending' || reward.kind !== 'coupon') return;
  const { to, reason } = await couponOutcome(deps, reward.amount, referrerId, `referral:${order.memberId}`);
  await withTx(deps.sequelize, async (tx) => {
    const locked = await ReferralPurchaseReward.findByPk(reward.id, forUpdate(tx));
    if (locked?.status === 'pending') await settleReward(locked, to, reason, tx);
  });
}
