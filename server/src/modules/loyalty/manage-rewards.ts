import { type z } from 'zod';
import type { PointsRewardView } from '@mall/shared';
import type { PointsRewardInput } from '@mall/shared/admin';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import type { AdminActor } from '../../platform/http/api-router';
import { recordAudit } from '../admin';
import { PointsReward } from './reward.model';

const toView = (r: PointsReward): PointsRewardView => ({
  id: r.id,
  name: r.name,
  imageUrl: r.imageUrl,
  pointsCost: r.pointsCost,
  stock: r.stock,
  isActive: r.isActive,
});

export async function listRewards(onlyActive: boolean): Promise<PointsRewardView[]> {
  const rows = await PointsReward.findAll({
    where: onlyActive ? { isActive: true } : {},
    order: [
      ['pointsCost', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  return rows.map(toView);
}

export async function createReward(
  deps: Pick<PlatformDeps, 'sequelize'>,
  actor: AdminActor,
  input: z.output<typeof PointsRewardInput>,
): Promise<PointsRewardView> {
  return withTx(deps.sequelize, async (tx) => {
    const reward = await PointsReward.create(input, { transaction: tx });
    const after = toView(reward);
    await recordAudit(
      actor,
      { action: 'points.reward.create', targetType: 'points_reward', targetId: String(reward.id), before: null, after },
      tx,
    );
    return after;
  });
}
