import { Op, type Transaction } from 'sequelize';
import { DomainError } from '../../platform/errors';
import { Member } from './member.model';
import { MemberAddress } from './profile.model';

/** A member as other modules see them: plain data, never the model. */
export interface MemberSummary {
  id: number;
  openid: string;
  nickname: string;
  avatarUrl: string | null;
  inviteCode: string;
  createdAt: Date;
}

const toSummary = (m: Member): MemberSummary => ({
  id: m.id,
  openid: m.openid,
  nickname: m.nickname,
  avatarUrl: m.avatarUrl,
  inviteCode: m.inviteCode,
  createdAt: m.createdAt,
});

/** The member, or 401 MEMBER_NOT_FOUND (a token can outlive its member). */
export async function getMember(memberId: number, tx?: Transaction): Promise<MemberSummary> {
  const member = await Member.findByPk(memberId, { transaction: tx });
  if (!member) throw new DomainError('MEMBER_NOT_FOUND', 'This member no longer exists', 401);
  return toSummary(member);
}

export async function memberExists(memberId: number, tx?: Transaction): Promise<boolean> {
  return (await Member.findByPk(memberId, { attributes: ['id'], transaction: tx })) !== null;
}

/** Batch read: one query for a page of ids; unknown ids are left out. */
export async function membersByIds(ids: readonly number[], tx?: Transaction): Promise<MemberSummary[]> {
  if (!ids.length) return [];
  const rows = await Member.findAll({ where: { id: { [Op.in]: [...new Set(ids)] } }, transaction: tx });
  return rows.map(toSummary);
}

/** The member an invite code belongs to, or null. */
export async function memberIdByCode(inviteCode: string, tx?: Transaction): Promise<number | null> {
  const member = await Member.findOne({ where: { inviteCode }, attributes: ['id'], transaction: tx });
  return member?.id ?? null;
}

/** The WeChat openid (for payments and subscribe messages), or null for an unknown member. */
export async function openidOf(memberId: number, tx?: Transaction): Promise<string | null> {
  const member = await Member.findByPk(memberId, { attributes: ['id', 'openid'], transaction: tx });
  return member?.openid ?? null;
}

/** Member ids in id order after `afterId`, one page (segment computation walks every member this way). */
export async function memberIdsAfter(afterId: number, limit: number): Promise<number[]> {
  const rows = await Member.findAll({
    where: { id: { [Op.gt]: afterId } },
    attributes: ['id'],
    order: [['id', 'ASC']],
    limit,
  });
  return rows.map((m) => m.id);
}

/** Each member's region from their default address (else their newest one); members without one are left out. */
export async function regionsOf(memberIds: readonly number[]): Promise<Map<number, string>> {
  if (!memberIds.length) return new Map();
  const rows = await MemberAddress.findAll({
    where: { memberId: { [Op.in]: [...new Set(memberIds)] } },
    attributes: ['memberId', 'region', 'isDefault', 'id'],
    order: [
      ['isDefault', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  // ascending, so the default (or else the newest) address is written last and wins
  return new Map(rows.map((a) => [a.memberId, a.region]));
}
