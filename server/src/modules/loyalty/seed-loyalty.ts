import type { Transaction } from 'sequelize';
import type { PlatformDeps } from '../../platform/deps';
import { earnPoints } from './earn-points';
import { PointsReward } from './reward.model';

/** Quickstart demo: two rewards to exchange, and a welcome grant for the demo members given. */
export async function seedLoyaltyDemo(deps: Pick<PlatformDeps, 'config'>, memberIds: number[], tx: Transaction) {
  await PointsReward.bulkCreate(
    [
      { name: '品牌帆布袋', imageUrl: null, pointsCost: 200, stock: 50 },
      { name: '运动水杯', imageUrl: null, pointsCost: 500, stock: 20 },
    ],
    { transaction: tx },
  );
  for (const memberId of memberIds) {
    await earnPoints(
      {
        memberId,
        sourceKey: `seed:${memberId}`,
        points: 300,
        kind: 'admin_grant',
        isFrozen: false,
        reason: 'demo welcome points',
        now: new Date(),
        expiryDays: deps.config.loyalty.pointsExpiryDays,
      },
      tx,
    );
  }
}
