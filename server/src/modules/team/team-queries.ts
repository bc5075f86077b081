import { Op, QueryTypes, literal } from 'sequelize';
import type { TeamFigures, TeamMemberView } from '@mall/shared';
import type { ReferralBindingView } from '@mall/shared/admin';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { membersByIds } from '../members';
import { ensureTeamNode } from './attach-member';
import { ACTIVITY_WINDOW_DAYS, activityWindowStart, isActiveSince } from './team-time';
import { ReferralBinding, TeamNode } from './team.model';

type Deps = Pick<PlatformDeps, 'sequelize' | 'queues' | 'logger'>;

async function nodeOf(deps: Deps, memberId: number): Promise<TeamNode> {
  return (
    (await TeamNode.findByPk(memberId)) ?? (await withTx(deps.sequelize, (tx) => ensureTeamNode(deps, memberId, tx)))
  );
}

/** One row and at most 30 day buckets: the read never depends on the size of the team. */
export async function getTeamFigures(deps: Deps, memberId: number, now = new Date()): Promise<TeamFigures> {
  const node = await nodeOf(deps, memberId);
  const [recent] = await deps.sequelize.query<{ salesFen: string | null; orders: string | null }>(
    `SELECT SUM(team_sales_fen) AS salesFen, SUM(team_order_count) AS orders
     FROM team_daily_figures WHERE member_id = ? AND day >= ?`,
    { replacements: [memberId, activityWindowStart(now)], type: QueryTypes.SELECT },
  );
  return {
    memberId,
    referrerId: node.referrerId,
    depth: node.depth,
    directCount: node.directCount,
    indirectCount: node.teamCount - node.directCount,
    teamCount: node.teamCount,
    teamSalesFen: node.teamSalesFen,
    teamOrderCount: node.teamOrderCount,
    ownSalesFen: node.ownSalesFen,
    ownOrderCount: node.ownOrderCount,
    activityWindowDays: ACTIVITY_WINDOW_DAYS,
    activeSalesFen: Number(recent?.salesFen ?? 0),
    activeOrderCount: Number(recent?.orders ?? 0),
    boundAt: node.boundAt?.toISOString() ?? null,
  };
}

/** My direct members (level 1) or theirs (level 2): never deeper, never anyone else's team. */
export async function listTeamMembers(
  memberId: number,
  query: { level: number; page: number; pageSize: number },
  now = new Date(),
): Promise<{ items: TeamMemberView[]; total: number; page: number; pageSize: number }> {
  const referrerId =
    query.level === 1
      ? memberId
      : { [Op.in]: literal(`(SELECT member_id FROM team_nodes WHERE referrer_id = ${Number(memberId)})`) };
  const { rows, count } = await TeamNode.findAndCountAll({
    where: { referrerId },
    order: [['memberId', 'DESC']],
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const members = await membersByIds(rows.map((r) => r.memberId));
  const memberOf = new Map(members.map((m) => [m.id, m]));
  const items = rows.map((n): TeamMemberView => {
    const m = memberOf.get(n.memberId);
    return {
      id: n.memberId,
      nickname: m?.nickname ?? '',
      avatarUrl: m?.avatarUrl ?? null,
      level: query.level === 1 ? 1 : 2,
      joinedAt: (m?.createdAt ?? n.createdAt).toISOString(),
      lastOrderAt: n.lastPaidAt?.toISOString() ?? null,
      isActive: isActiveSince(n.lastPaidAt, now),
      ownSalesFen: n.ownSalesFen,
      ownOrderCount: n.ownOrderCount,
      teamCount: n.teamCount,
    };
  });
  return { items, total: count, page: query.page, pageSize: query.pageSize };
}

export async function listReferralBindings(
  memberId: number,
  query: { page: number; pageSize: number },
): Promise<{ items: ReferralBindingView[]; total: number; page: number; pageSize: number }> {
  const { rows, count } = await ReferralBinding.findAndCountAll({
    where: { memberId },
    order: [['id', 'DESC']],
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return {
    items: rows.map((b) => ({
      id: b.id,
      memberId: b.memberId,
      fromReferrerId: b.fromReferrerId,
      toReferrerId: b.toReferrerId,
      actor: b.actor,
      reason: b.reason,
      createdAt: b.createdAt.toISOString(),
    })),
    total: count,
    page: query.page,
    pageSize: query.pageSize,
  };
}
