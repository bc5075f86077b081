import { checkTeamRewards, type TeamRankingBoard } from '@mall/shared';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { DomainError } from '../../platform/errors';
import type { AdminActor } from '../../platform/http/api-router';
import { recordAudit } from '../admin';
import { currentPolicy } from '../distribution';
import { TeamAwardConfig, type RewardKindStored } from './teamgrowth.model';

export interface RankAward {
  rank: number;
  kind: RewardKindStored;
  amount: number;
  name: string;
}

export interface AwardConfigView {
  board: TeamRankingBoard;
  source: 'policy' | 'admin';
  awards: RankAward[];
  updatedAt: string | null;
}

/**
 * What each rank of a board wins: the awards an admin set for it, else the policy's `teamRewards` (index i to
 * rank i + 1). Both passed the compliance guard, so neither holds cash.
 */
export async function awardConfigOf(deps: PlatformDeps, board: TeamRankingBoard): Promise<AwardConfigView> {
  const row = await TeamAwardConfig.findByPk(board);
  if (row)
    return {
      board,
      source: 'admin',
      awards: JSON.parse(row.awardsJson) as RankAward[],
      updatedAt: row.updatedAt.toISOString(),
    };
  const policy = await currentPolicy(deps);
  const awards = policy.teamRewards
    .filter((r) => r.kind !== 'cash')
    .map((r, i) => ({
      rank: i + 1,
      kind: r.kind as RewardKindStored,
      amount: r.amount,
      name: (r.name ?? `第${i + 1}名`).slice(0, 40),
    }));
  return { board, source: 'policy', awards, updatedAt: null };
}

/**
 * An admin sets a board's awards (audited). The compliance guard checks them exactly as it checks the policy's
 * team rewards at boot: cash is 422 CASH_TEAM_REWARD with the guard's own reason, and nothing is written.
 */
export async function setAwardConfig(
  deps: PlatformDeps,
  actor: AdminActor,
  board: TeamRankingBoard,
  awards: { rank: number; kind: string; amount: number; name: string }[],
): Promise<AwardConfigView> {
  const violations = checkTeamRewards(awards, 'awards');
  if (violations.length > 0)
    throw new DomainError(
      violations[0]!.code,
      `The awards are refused: ${violations.map((v) => `${v.field}: ${v.message}`).join('; ')}`,
      422,
      violations[0]!.field,
      { violations },
    );
  const sorted = [...awards].sort((a, b) => a.rank - b.rank) as RankAward[];
  const before = await awardConfigOf(deps, board);
  await withTx(deps.sequelize, async (tx) => {
    await TeamAwardConfig.upsert(
      { board, awardsJson: JSON.stringify(sorted), updatedBy: `admin:${actor.username}` },
      { transaction: tx },
    );
    await recordAudit(
      actor,
      {
        action: 'team.awards.set',
        targetType: 'team_board',
        targetId: board,
        before: { source: before.source, awards: before.awards },
        after: { awards: sorted },
      },
      tx,
    );
  });
  return awardConfigOf(deps, board);
}
