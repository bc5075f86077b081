import type { TeamHonourView, TeamRankingBoard, TeamRankingEntryView, TeamRankingView } from '@mall/shared';
import { CachedMap } from '../../platform/cache/local-cache';
import type { PlatformDeps } from '../../platform/deps';
import { membersByIds } from '../members';
import { awardConfigOf, type RankAward } from './award-config';
import { rankedTeams, type RankedTeam } from './ranked-teams';
import { periodAt, periodRange, previousPeriod } from './ranking-periods';
import { TeamAward, TeamHonour, TeamRanking, TeamRankingEntry } from './teamgrowth.model';

/** 王小明 -> 王**: others on a ranking see a first character only (no one's full name or face to strangers). */
export const maskNickname = (nickname: string) => `${[...nickname.trim()][0] ?? '*'}**`;

let live: CachedMap<string, RankedTeam[]> | undefined;
/**
 * The open period's ranking, computed from the team's day buckets (one range read) and kept briefly in each
 * process: members opening the page in the same minute share one read.
 */
function liveRanking(deps: PlatformDeps, board: TeamRankingBoard, period: string): Promise<RankedTeam[]> {
  live ??= new CachedMap(
    async (keys: string[]) => {
      const out = new Map<string, RankedTeam[]>();
      for (const key of keys) {
        const [b, p] = key.split('|') as [TeamRankingBoard, string];
        out.set(key, await rankedTeams(deps, b, periodRange(p)));
      }
      return out;
    },
    { ttlMs: deps.config.teamGrowth.rankingCacheMs, maxEntries: 16 },
  );
  return live.get(`${board}|${period}`).then((teams) => teams ?? []);
}

/** A frozen ranking's top entries and the caller's own. */
async function frozenRanking(ranking: TeamRanking, size: number, memberId: number): Promise<RankedTeam[]> {
  const entries = await TeamRankingEntry.findAll({
    where: { rankingId: ranking.id },
    order: [['rank', 'ASC']],
    limit: size,
  });
  const mine = await TeamRankingEntry.findOne({ where: { rankingId: ranking.id, memberId } });
  const all = mine && mine.rank > size ? [...entries, mine] : entries;
  return all.map((e) => ({ rank: e.rank, memberId: e.memberId, figure: e.figure }));
}

/**
 * The awards a frozen ranking gave, as they were when it froze (one per award of the board's list that had a winner):
 * an admin changing the board's awards later changes the next periods, not what a past one shows.
 */
async function frozenAwards(ranking: TeamRanking): Promise<RankAward[]> {
  const rows = await TeamAward.findAll({ where: { rankingId: ranking.id }, order: [['awardIndex', 'ASC']] });
  const byIndex = new Map(rows.map((a) => [a.awardIndex, a]));
  return [...byIndex.values()].map((a) => ({ rank: a.rank, kind: a.kind, amount: a.amount, name: a.name }));
}

/**
 * A ranking as a member sees it: the top entries (others masked), the caller's own rank and figure, and the
 * awards. A period that is over and frozen is read from its snapshot (entries and the awards it gave); the open
 * one (and one not yet frozen) live, with the board's awards as they stand.
 */
export async function rankingForMember(
  deps: PlatformDeps,
  memberId: number,
  board: TeamRankingBoard,
  requested: string,
  now = new Date(),
): Promise<TeamRankingView> {
  const current = periodAt(now, deps.config.teamGrowth.rankingPeriod);
  const period = requested === 'current' ? current : requested === 'previous' ? previousPeriod(current) : requested;
  const size = deps.config.teamGrowth.rankingSize;
  const frozen = await TeamRanking.findOne({ where: { board, period } });
  const teams = frozen ? await frozenRanking(frozen, size, memberId) : await liveRanking(deps, board, period);
  const top = teams.filter((t) => t.rank <= size);
  const mine = teams.find((t) => t.memberId === memberId) ?? null;
  const people = new Map((await membersByIds([...top.map((t) => t.memberId), memberId])).map((m) => [m.id, m]));
  const entries = top.map((t): TeamRankingEntryView => {
    const person = people.get(t.memberId);
    const isMe = t.memberId === memberId;
    return {
      rank: t.rank,
      nickname: isMe ? (person?.nickname ?? '') : maskNickname(person?.nickname ?? ''),
      avatarUrl: isMe ? (person?.avatarUrl ?? null) : null,
      figure: t.figure,
      isMe,
    };
  });
  const range = periodRange(period);
  return {
    board,
    period,
    periods: [current, previousPeriod(current)],
    startsAt: range.startsAt.toISOString(),
    endsAt: range.endsAt.toISOString(),
    state: frozen ? 'frozen' : 'live',
    entries,
    me: { rank: mine?.rank ?? null, figure: mine?.figure ?? 0 },
    awards: frozen ? await frozenAwards(frozen) : (await awardConfigOf(deps, board)).awards,
  };
}

export async function honoursOf(memberId: number): Promise<{ items: TeamHonourView[] }> {
  const rows = await TeamHonour.findAll({ where: { memberId }, order: [['id', 'DESC']], limit: 100 });
  return {
    items: rows.map((h) => ({
      id: h.id,
      name: h.name,
      board: h.board,
      period: h.period,
      rank: h.rank,
      awardedAt: h.createdAt.toISOString(),
    })),
  };
}
