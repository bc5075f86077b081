import { UniqueConstraintError } from 'sequelize';
import type { TeamRankingBoard } from '@mall/shared';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { DomainError } from '../../platform/errors';
import type { AdminActor } from '../../platform/http/api-router';
import { recordAudit } from '../admin';
import { awardConfigOf } from './award-config';
import { grantRankingAwards } from './grant-awards';
import { rankedTeams } from './ranked-teams';
import { isPeriodOver, periodAt, periodRange, previousPeriod } from './ranking-periods';
import { TeamAward, TeamRanking, TeamRankingEntry } from './teamgrowth.model';

const CHUNK = 1_000;

export interface CloseResult {
  ranking: TeamRanking;
  /** false: the ranking was frozen before (by the job or another admin); nothing changed. */
  created: boolean;
}

/** The period the job closes and an admin's close defaults to: the last one that is over. */
export const lastClosedPeriod = (deps: PlatformDeps, now = new Date()) =>
  previousPeriod(periodAt(now, deps.config.teamGrowth.rankingPeriod));

/**
 * Freezes a board's ranking for a period that is over, once per (board, period): the ranked teams become entries
 * and the board's awards become pending awards (unique by ranking, member and award), in one transaction. Then the
 * awards are granted. A second close (the job and an admin racing, a retry) finds the ranking, writes nothing new
 * and only finishes any award still pending.
 */
export async function closeRanking(
  deps: PlatformDeps,
  board: TeamRankingBoard,
  period: string,
  actor: AdminActor | null,
): Promise<CloseResult> {
  if (!isPeriodOver(period, new Date()))
    throw new DomainError(
      'PERIOD_NOT_OVER',
      `The period ${period} is still open: it can be closed once over`,
      409,
      'period',
    );
  const range = periodRange(period);
  let result: CloseResult | null = null;
  const existing = await TeamRanking.findOne({ where: { board, period } });
  if (!existing) {
    const teams = await rankedTeams(deps, board, range);
    const { awards } = await awardConfigOf(deps, board);
    try {
      const ranking = await withTx(deps.sequelize, async (tx) => {
        const created = await TeamRanking.create(
          {
            board,
            period,
            status: 'awarding',
            startsAt: range.startsAt,
            endsAt: range.endsAt,
            entryCount: teams.length,
            closedBy: actor ? `admin:${actor.username}` : 'job',
            closedAt: new Date(),
          },
          { transaction: tx },
        );
        for (let i = 0; i < teams.length; i += CHUNK)
          await TeamRankingEntry.bulkCreate(
            teams.slice(i, i + CHUNK).map((t) => ({ rankingId: created.id, ...t })),
            { transaction: tx },
          );
        const won = awards.flatMap((a, awardIndex) => {
          const team = teams[a.rank - 1];
          return team ? [{ ...a, awardIndex, memberId: team.memberId }] : [];
        });
        await TeamAward.bulkCreate(
          won.map((w) => ({ rankingId: created.id, status: 'pending' as const, ...w })),
          { transaction: tx },
        );
        if (actor) await recordAudit(actor, closeAudit(board, period, { created: true, entries: teams.length }), tx);
        return created;
      });
      result = { ranking, created: true };
    } catch (error) {
      if (!(error instanceof UniqueConstraintError)) throw error; // the job or another admin froze it first
    }
  }
  if (!result) {
    const ranking = (existing ?? (await TeamRanking.findOne({ where: { board, period } })))!;
    if (actor)
      await withTx(deps.sequelize, (tx) => recordAudit(actor, closeAudit(board, period, { created: false }), tx));
    result = { ranking, created: false };
  }
  await grantRankingAwards(deps, result.ranking.id);
  await result.ranking.reload();
  return result;
}

const closeAudit = (board: string, period: string, after: Record<string, unknown>) => ({
  action: 'team.ranking.close',
  targetType: 'team_ranking',
  targetId: `${board}:${period}`,
  before: null,
  after: { board, period, ...after },
});
