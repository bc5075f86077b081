import { SegmentRules, type SegmentView } from '@mall/shared/admin';
import { Op } from 'sequelize';
import { NotFoundError } from '../../platform/errors';
import { levelsOf } from '../loyalty';
import { membersByIds } from '../members';
import { Segment, SegmentMember } from './segment.model';

export const toSegmentView = (s: Segment): SegmentView => ({
  id: s.id,
  name: s.name,
  description: s.description,
  rules: SegmentRules.parse(JSON.parse(s.rulesJson)),
  memberCount: s.memberCount ?? null,
  computedAt: s.computedAt?.toISOString() ?? null,
  requestedAt: s.requestedAt?.toISOString() ?? null,
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
});

export async function listSegments(page: number, pageSize: number) {
  const { rows, count } = await Segment.findAndCountAll({
    order: [['id', 'DESC']],
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  return { items: rows.map(toSegmentView), total: count, page, pageSize };
}

export async function getSegment(id: number): Promise<SegmentView> {
  const row = await Segment.findByPk(id);
  if (!row) throw new NotFoundError('This segment', 'id');
  return toSegmentView(row);
}

/** A page of a segment's members (as last computed), in member id order, with nickname and level. */
export async function segmentMembersPage(id: number, page: number, pageSize: number) {
  await getSegment(id);
  const { rows, count } = await SegmentMember.findAndCountAll({
    where: { segmentId: id },
    order: [['memberId', 'ASC']],
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  const ids = rows.map((r) => r.memberId);
  const [members, levels] = await Promise.all([membersByIds(ids), levelsOf(ids)]);
  const nicknameOf = new Map(members.map((m) => [m.id, m.nickname]));
  return {
    items: rows.map((r) => ({
      memberId: r.memberId,
      nickname: nicknameOf.get(r.memberId) ?? '',
      levelCode: levels.get(r.memberId)?.code ?? '',
      levelName: levels.get(r.memberId)?.name ?? '',
      computedAt: r.computedAt.toISOString(),
    })),
    total: count,
    page,
    pageSize,
  };
}

/**
 * The door for other modules (coupon grants to a segment, campaigns): the segment's members at its last
 * computation, page by page in member id order (keyset paging, so a large segment is never read at once).
 * An unknown segment is a 404.
 */
export async function* membersOfSegment(segmentId: number, pageSize = 1_000): AsyncGenerator<number[]> {
  await getSegment(segmentId);
  for (let afterId = 0; ;) {
    const rows = await SegmentMember.findAll({
      where: { segmentId, memberId: { [Op.gt]: afterId } },
      attributes: ['memberId'],
      order: [['memberId', 'ASC']],
      limit: pageSize,
    });
    if (!rows.length) return;
    yield rows.map((r) => r.memberId);
    afterId = rows[rows.length - 1]!.memberId;
  }
}

/** Whether a member was in the segment at its last computation (a campaign targeted at a segment asks this). */
export async function isInSegment(segmentId: number, memberId: number): Promise<boolean> {
  return (await SegmentMember.findOne({ where: { segmentId, memberId }, attributes: ['memberId'] })) !== null;
}
