import { assertTransition, teamRankingTransitions } from '@mall/shared';
import { forUpdate, withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { awardPoints } from '../loyalty';
import { couponOutcome, settleReward } from './settle-reward';
import { TeamAward, TeamHonour, TeamRanking } from './teamgrowth.model';

const awardKey = (awardId: number) => `team-award:${awardId}`;

/**
 * One award, once: under the award's row lock, a pending award is credited (points through loyalty, an honour
 * recorded here) and marked granted in one transaction; a coupon is issued first by the coupons module, once per
 * award key, and the award settled after. Two runners (the job and an admin's close) queue on the lock; the second
 * finds it settled.
 */
async function grantAward(deps: PlatformDeps, award: TeamAward, ranking: TeamRanking): Promise<void> {
  const coupon =
    award.kind === 'coupon' ? await couponOutcome(deps, award.amount, award.memberId, awardKey(award.id)) : null;
  await withTx(deps.sequelize, async (tx) => {
    const locked = await TeamAward.findByPk(award.id, forUpdate(tx));
    if (!locked || locked.status !== 'pending') return;
    if (coupon) return settleReward(locked, coupon.to, coupon.reason, tx);
    if (locked.kind === 'points') {
      const reason = `${ranking.period} ${locked.name}`;
      const points = { memberId: locked.memberId, sourceKey: awardKey(locked.id), points: locked.amount };
      await awardPoints(deps, { ...points, kind: 'team_award', reason }, tx);
    } else {
      await TeamHonour.create(
        {
          awardId: locked.id,
          memberId: locked.memberId,
          name: locked.name,
          board: ranking.board,
          period: ranking.period,
          rank: locked.rank,
        },
        { transaction: tx },
      );
    }
    await settleReward(locked, 'granted', '', tx);
  });
}

/** Grants every pending award of a ranking; once none is pending, the ranking is awarded. Safe to run twice. */
export async function grantRankingAwards(deps: PlatformDeps, rankingId: number): Promise<void> {
  const ranking = await TeamRanking.findByPk(rankingId);
  if (!ranking || ranking.status === 'awarded') return;
  const pending = await TeamAward.findAll({ where: { rankingId, status: 'pending' }, order: [['id', 'ASC']] });
  for (const award of pending) await grantAward(deps, award, ranking);
  await withTx(deps.sequelize, async (tx) => {
    const locked = await TeamRanking.findByPk(rankingId, forUpdate(tx));
    if (!locked || locked.status !== 'awarding') return;
    if (await TeamAward.count({ where: { rankingId, status: 'pending' }, transaction: tx })) return;
    assertTransition('team ranking', teamRankingTransitions, locked.status, 'awarded');
    await locked.update({ status: 'awarded' }, { transaction: tx });
  });
}

/** Rankings whose awards a crash left half granted: the daily job finishes them. */
export async function grantUnfinishedAwards(deps: PlatformDeps): Promise<void> {
  for (const r of await TeamRanking.findAll({ where: { status: 'awarding' }, attributes: ['id'] }))
    await grantRankingAwards(deps, r.id);
}
