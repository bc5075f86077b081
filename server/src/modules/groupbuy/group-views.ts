import { Op, col, fn, type Transaction, type WhereOptions } from 'sequelize';
import type { GroupbuyGroupStatus, GroupView, MyGroupView } from '@mall/shared';
import type { AdminGroupView, GroupbuyStatsView } from '@mall/shared/admin';
import { campaignViewStats } from '../campaignviews';
import { membersByIds } from '../members';
import { NotFoundError } from '../../platform/errors';
import { GroupbuyCampaign, GroupbuyGroup, GroupbuyMember } from './groupbuy.model';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Members who took a place (paid into the group, in payment order), with only their nickname and avatar. */
async function groupViewsOf(groups: readonly GroupbuyGroup[], tx?: Transaction): Promise<GroupView[]> {
  if (!groups.length) return [];
  const places = await GroupbuyMember.findAll({
    where: { groupId: groups.map((g) => g.id), paidAt: { [Op.ne]: null } },
    order: [
      ['paidAt', 'ASC'],
      ['id', 'ASC'],
    ],
    transaction: tx,
  });
  const people = new Map(
    (
      await membersByIds(
        places.map((p) => p.memberId),
        tx,
      )
    ).map((m) => [m.id, m]),
  );
  return groups.map((g) => ({
    id: g.id,
    campaignId: g.campaignId,
    status: g.status,
    groupSize: g.groupSize,
    paidCount: g.paidCount,
    remaining: g.status === 'forming' ? Math.max(0, g.groupSize - g.paidCount) : 0,
    expiresAt: iso(g.expiresAt),
    completedAt: iso(g.completedAt),
    members: places
      .filter((p) => p.groupId === g.id)
      .map((p) => ({
        nickname: people.get(p.memberId)?.nickname ?? '',
        avatarUrl: people.get(p.memberId)?.avatarUrl ?? null,
        isLeader: p.isLeader,
        joinedAt: p.paidAt!.toISOString(),
      })),
  }));
}

/** Anyone's view of a group (share card). Opening and cancelled groups were never open to anyone: 404. */
export async function getGroupView(groupId: number): Promise<GroupView> {
  const group = await GroupbuyGroup.findByPk(groupId);
  if (!group || group.status === 'opening' || group.status === 'cancelled')
    throw new NotFoundError('This group', 'groupId');
  return (await groupViewsOf([group]))[0]!;
}

/** Groups of a campaign one can join now, fullest first. */
export async function openGroupsOf(campaignId: number, now = new Date(), limit = 10): Promise<GroupView[]> {
  const groups = await GroupbuyGroup.findAll({
    where: {
      campaignId,
      status: 'forming',
      expiresAt: { [Op.gt]: now },
      paidCount: { [Op.lt]: col('group_size') },
    },
    order: [
      ['paidCount', 'DESC'],
      ['expiresAt', 'ASC'],
    ],
    limit,
  });
  return groupViewsOf(groups);
}

export async function listMyGroups(memberId: number, page: { page: number; pageSize: number }) {
  const { rows, count } = await GroupbuyMember.findAndCountAll({
    where: { memberId, status: { [Op.ne]: 'cancelled' } },
    order: [['id', 'DESC']],
    limit: page.pageSize,
    offset: (page.page - 1) * page.pageSize,
  });
  const groups = await GroupbuyGroup.findAll({ where: { id: [...new Set(rows.map((r) => r.groupId))] } });
  const views = new Map((await groupViewsOf(groups)).map((v) => [v.id, v]));
  const campaigns = await GroupbuyCampaign.findAll({
    where: { id: [...new Set(rows.map((r) => r.campaignId))] },
    attributes: ['id', 'name'],
  });
  const items: MyGroupView[] = rows.map((r) => ({
    group: views.get(r.groupId)!,
    campaignName: campaigns.find((c) => c.id === r.campaignId)?.name ?? '',
    orderNo: r.orderNo,
    isLeader: r.isLeader,
    memberStatus: r.status,
  }));
  return { items, total: count, page: page.page, pageSize: page.pageSize };
}

export async function searchGroups(query: {
  page: number;
  pageSize: number;
  campaignId?: number;
  status?: GroupbuyGroupStatus;
  memberId?: number;
}) {
  const where: WhereOptions<GroupbuyGroup> = {
    ...(query.campaignId ? { campaignId: query.campaignId } : {}),
    ...(query.status ? { status: query.status } : {}),
  };
  if (query.memberId) {
    const joined = await GroupbuyMember.findAll({ where: { memberId: query.memberId }, attributes: ['groupId'] });
    Object.assign(where, { id: [...new Set(joined.map((j) => j.groupId))] });
  }
  const { rows, count } = await GroupbuyGroup.findAndCountAll({
    where,
    order: [['id', 'DESC']],
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const members = rows.length
    ? await GroupbuyMember.findAll({ where: { groupId: rows.map((g) => g.id) }, order: [['id', 'ASC']] })
    : [];
  const items: AdminGroupView[] = rows.map((g) => ({
    id: g.id,
    campaignId: g.campaignId,
    status: g.status,
    leaderMemberId: g.leaderMemberId,
    groupSize: g.groupSize,
    paidCount: g.paidCount,
    expiresAt: iso(g.expiresAt),
    completedAt: iso(g.completedAt),
    closedAt: iso(g.closedAt),
    createdAt: g.createdAt.toISOString(),
    members: members
      .filter((m) => m.groupId === g.id)
      .map((m) => ({
        memberId: m.memberId,
        orderNo: m.orderNo,
        isLeader: m.isLeader,
        quantity: m.quantity,
        status: m.status,
        paidFen: m.paidFen,
        paidAt: iso(m.paidAt),
        refundNo: m.refundNo,
      })),
  }));
  return { items, total: count, page: query.page, pageSize: query.pageSize };
}

/** Groups by outcome and the orders that took a place (paidAt set), for one campaign or all. */
export async function groupbuyStats(campaignId?: number): Promise<GroupbuyStatsView> {
  const scope = campaignId ? { campaignId } : {};
  const byStatus = (await GroupbuyGroup.findAll({
    where: scope,
    attributes: ['status', [fn('COUNT', col('id')), 'n']],
    group: ['status'],
    raw: true,
  })) as unknown as { status: GroupbuyGroupStatus; n: number | string }[];
  const groups = (s: GroupbuyGroupStatus) => Number(byStatus.find((r) => r.status === s)?.n ?? 0);
  const places = await GroupbuyMember.findAll({
    where: { ...scope, paidAt: { [Op.ne]: null } },
    attributes: ['groupId', 'status', 'paidFen'],
  });
  const completeIds = new Set(
    (await GroupbuyGroup.findAll({ where: { ...scope, status: 'complete' }, attributes: ['id'] })).map((g) => g.id),
  );
  const kept = places.filter((p) => p.status === 'paid' && completeIds.has(p.groupId));
  const completed = groups('complete');
  const failed = groups('failed');
  const refundedOrders = await GroupbuyMember.count({
    where: { ...scope, status: ['refunding', 'refunded', 'refund_failed'] },
  });
  return {
    groupsStarted: completed + failed + groups('forming'),
    groupsCompleted: completed,
    groupsFailed: failed,
    completionRateBps: completed + failed ? Math.floor((completed * 10_000) / (completed + failed)) : 0,
    orders: places.length,
    gmvFen: places.reduce((sum, p) => sum + p.paidFen, 0),
    completedOrders: kept.length,
    completedGmvFen: kept.reduce((sum, p) => sum + p.paidFen, 0),
    refundedOrders,
    views: await campaignViewStats('groupbuy', campaignId ? [campaignId] : null, places.length),
  };
}
