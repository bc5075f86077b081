import { Op, type Transaction } from 'sequelize';
import type { AdminMemberDetail, AdminMemberRow, ProfileView } from '@mall/shared';
import { NotFoundError } from '../../platform/errors';
import { maskPhone } from './id-number';
import { MemberLevel } from './member-level.model';
import { Member } from './member.model';
import { MemberAddress, MemberProfile } from './profile.model';

/**
 * Every view of a member's personal data goes through here, and here the phone and the ID number are masked:
 * no answer builds them any other way. The ID number's mask is stored when it is set, so no view decrypts.
 */
export async function loadProfileRows(members: Member[], tx?: Transaction): Promise<AdminMemberRow[]> {
  const ids = members.map((m) => m.id);
  const referrerIds = [...new Set(members.map((m) => m.referrerId).filter((id): id is number => id !== null))];
  const [profiles, referrers, levels] = await Promise.all([
    ids.length ? MemberProfile.findAll({ where: { memberId: { [Op.in]: ids } }, transaction: tx }) : [],
    referrerIds.length
      ? Member.findAll({ where: { id: { [Op.in]: referrerIds } }, attributes: ['id', 'nickname'], transaction: tx })
      : [],
    MemberLevel.findAll({ transaction: tx }),
  ]);
  const profileOf = new Map(profiles.map((p) => [p.memberId, p]));
  const referrerOf = new Map(referrers.map((r) => [r.id, { id: r.id, nickname: r.nickname }]));
  const levelName = new Map(levels.map((l) => [l.code, l.name]));
  return members.map((m) => {
    const profile = profileOf.get(m.id);
    return {
      id: m.id,
      nickname: m.nickname,
      avatarUrl: m.avatarUrl,
      realName: profile?.realName ?? null,
      phoneMasked: profile?.phone ? maskPhone(profile.phone) : null,
      levelCode: m.levelCode,
      levelName: levelName.get(m.levelCode) ?? m.levelCode,
      inviteCode: m.inviteCode,
      referrer: m.referrerId === null ? null : (referrerOf.get(m.referrerId) ?? null),
      joinedAt: m.createdAt.toISOString(),
    };
  });
}

async function findMember(memberId: number, tx?: Transaction): Promise<Member> {
  const member = await Member.findByPk(memberId, { transaction: tx });
  if (!member) throw new NotFoundError('Member', 'memberId');
  return member;
}

export async function getProfileView(memberId: number, tx?: Transaction): Promise<ProfileView> {
  const member = await findMember(memberId, tx);
  const [row] = await loadProfileRows([member], tx);
  const profile = await MemberProfile.findByPk(memberId, { transaction: tx });
  return {
    id: row.id,
    nickname: row.nickname,
    avatarUrl: row.avatarUrl,
    inviteCode: row.inviteCode,
    levelCode: row.levelCode,
    levelName: row.levelName,
    realName: row.realName,
    phoneMasked: row.phoneMasked,
    idNumberMasked: profile?.idNumberMasked ?? null,
    joinedAt: row.joinedAt,
    referrer: row.referrer,
  };
}

export async function getAdminMemberDetail(memberId: number, tx?: Transaction): Promise<AdminMemberDetail> {
  const member = await findMember(memberId, tx);
  const [row] = await loadProfileRows([member], tx);
  const [profile, addressCount] = await Promise.all([
    MemberProfile.findByPk(memberId, { transaction: tx }),
    MemberAddress.count({ where: { memberId }, transaction: tx }),
  ]);
  return {
    ...row,
    idNumberMasked: profile?.idNumberMasked ?? null,
    phoneBoundAt: profile?.phoneBoundAt?.toISOString() ?? null,
    addressCount,
  };
}
