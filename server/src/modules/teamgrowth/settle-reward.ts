import type { Transaction } from 'sequelize';
import { assertTransition, teamRewardTransitions, type TeamRewardStatus } from '@mall/shared';
import type { PlatformDeps } from '../../platform/deps';
import { giveRewardCoupon } from '../coupons';
import { TeamAward, type ReferralPurchaseReward } from './teamgrowth.model';

type Reward = ReferralPurchaseReward | TeamAward;

/** A pending reward reaches its end (granted or skipped), by the transition table: never twice, never back. */
export async function settleReward(
  reward: Reward,
  to: Exclude<TeamRewardStatus, 'pending'>,
  reason: string,
  tx: Transaction,
): Promise<void> {
  assertTransition('team reward', teamRewardTransitions, reward.status, to);
  const fields = { status: to, reason: reason.slice(0, 120) };
  if (reward instanceof TeamAward) await reward.update({ ...fields, grantedAt: new Date() }, { transaction: tx });
  else await reward.update(fields, { transaction: tx });
}

/**
 * The coupon of a coupon reward, issued by the coupons module in its own transaction, once per source key: run
 * before the reward is settled, so a crash in between leaves the reward pending and the retry finds the coupon
 * (`already_given`) instead of issuing a second.
 */
export async function couponOutcome(deps: PlatformDeps, templateId: number, memberId: number, sourceKey: string) {
  const outcome = await giveRewardCoupon(deps, templateId, memberId, sourceKey);
  return outcome.outcome === 'skipped'
    ? ({ to: 'skipped', reason: outcome.reason } as const)
    : ({ to: 'granted', reason: `coupon ${outcome.couponId}` } as const);
}
