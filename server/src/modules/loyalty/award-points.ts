import type { Transaction } from 'sequelize';
import type { PlatformDeps } from '../../platform/deps';
import { earnPoints } from './earn-points';

export interface PointsAward {
  memberId: number;
  /** Business identity: the same key credits once, whatever the retries. */
  sourceKey: string;
  points: number;
  kind: 'referral_buy' | 'team_award';
  reason: string;
}

/**
 * Points another module awards (team growth: a referral purchase, a ranking award), spendable at once, in the
 * caller's transaction. Returns false when this key already earned. Points only: never cash (compliance guard).
 */
export async function awardPoints(
  deps: Pick<PlatformDeps, 'config'>,
  award: PointsAward,
  tx: Transaction,
): Promise<boolean> {
  const lot = await earnPoints(
    { ...award, isFrozen: false, now: new Date(), expiryDays: deps.config.loyalty.pointsExpiryDays },
    tx,
  );
  return lot !== null;
}
