import type { TeamRankingBoard } from '@mall/shared';
import type { PlatformDeps } from '../../platform/deps';
import { currentPolicy, distributorIdsAmong } from '../distribution';
import { teamFiguresBetween } from '../team';
import type { PeriodRange } from './ranking-periods';

export interface RankedTeam {
  rank: number;
  memberId: number;
  figure: number;
}

const CHUNK = 5_000;

/**
 * The team leaders of a period, best first: every distributor (under the policy's qualification, not frozen) whose
 * team sold (paid minus refunded, fen, by the day each order was paid) or grew in the period. Equal figures are
 * ranked by member id, the earlier member first, so a ranking is the same however often it is computed; each
 * place is held by one member (no shared ranks).
 */
export async function rankedTeams(
  deps: PlatformDeps,
  board: TeamRankingBoard,
  range: PeriodRange,
): Promise<RankedTeam[]> {
  const figures = await teamFiguresBetween(deps, board, range.fromDay, range.toDay);
  const policy = await currentPolicy(deps);
  const leaders = new Set<number>();
  for (let i = 0; i < figures.length; i += CHUNK) {
    const ids = figures.slice(i, i + CHUNK).map((f) => f.memberId);
    for (const id of await distributorIdsAmong(policy, ids)) leaders.add(id);
  }
  return figures.filter((f) => leaders.has(f.memberId)).map((f, i) => ({ rank: i + 1, ...f }));
}
