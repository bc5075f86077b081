import type { TeamRankingBoard } from '@mall/shared';
import { NotFoundError } from '../../platform/errors';
import { membersByIds } from '../members';
import { ReferralPurchaseReward, TeamAward, TeamRanking, TeamRankingEntry } from './teamgrowth.model';

type Page = { page: number; pageSize: number };
const pageOf = <T>(items: T[], total: number, q: Page) => ({ items, total, page: q.page, pageSize: q.pageSize });

export const rankingSummary = (r: TeamRanking) => ({
  id: r.id,
  board: r.board,
  period: r.period,
  status: r.status,
  startsAt: r.startsAt.toISOString(),
  endsAt: r.endsAt.toISOString(),
  entryCount: r.entryCount,
  closedBy: r.closedBy,
  closedAt: r.closedAt.toISOString(),
});

export async function listRankings(q: Page & { board?: TeamRankingBoard }) {
  const { rows, count } = await TeamRanking.findAndCountAll({
    where: q.board ? { board: q.board } : {},
    order: [['id', 'DESC']],
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return pageOf(rows.map(rankingSummary), count, q);
}

export async function rankingWithEntries(id: number) {
  const ranking = await TeamRanking.findByPk(id);
  if (!ranking) throw new NotFoundError('This ranking', 'id');
  const entries = await TeamRankingEntry.findAll({ where: { rankingId: id }, order: [['rank', 'ASC']] });
  const names = new Map((await membersByIds(entries.map((e) => e.memberId))).map((m) => [m.id, m.nickname]));
  return {
    ...rankingSummary(ranking),
    entries: entries.map((e) => ({
      rank: e.rank,
      memberId: e.memberId,
      nickname: names.get(e.memberId) ?? '',
      figure: e.figure,
    })),
  };
}

export async function listAwards(q: Page & { rankingId?: number; memberId?: number }) {
  const where = {
    ...(q.rankingId ? { rankingId: q.rankingId } : {}),
    ...(q.memberId ? { memberId: q.memberId } : {}),
  };
  const { rows, count } = await TeamAward.findAndCountAll({
    where,
    order: [['id', 'DESC']],
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const rankings = new Map(
    (await TeamRanking.findAll({ where: { id: [...new Set(rows.map((a) => a.rankingId))] } })).map((r) => [r.id, r]),
  );
  const items = rows.map((a) => ({
    id: a.id,
    rankingId: a.rankingId,
    board: rankings.get(a.rankingId)!.board,
    period: rankings.get(a.rankingId)!.period,
    memberId: a.memberId,
    rank: a.rank,
    kind: a.kind,
    amount: a.amount,
    name: a.name,
    status: a.status,
    reason: a.reason,
    grantedAt: a.grantedAt?.toISOString() ?? null,
  }));
  return pageOf(items, count, q);
}

export async function listReferralRewards(q: Page & { referrerId?: number }) {
  const { rows, count } = await ReferralPurchaseReward.findAndCountAll({
    where: q.referrerId ? { referrerId: q.referrerId } : {},
    order: [['id', 'DESC']],
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const items = rows.map((r) => ({
    id: r.id,
    refereeId: r.refereeId,
    referrerId: r.referrerId,
    orderId: r.orderId,
    kind: r.kind,
    amount: r.amount,
    status: r.status,
    reason: r.reason,
    createdAt: r.createdAt.toISOString(),
  }));
  return pageOf(items, count, q);
}
