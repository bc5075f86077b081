import { Op, type Transaction } from 'sequelize';
import type { AdminMemberDetail, AdminMemberRow, ProfileView } from '@mall/shared';
import type { PlatformDeps } from '../../platform/deps';
import { NotFoundError } from '../../platform/errors';
import { getPointsBalance } from '../loyalty';
import { getTeamFigures } from '../team';
import { maskPhone } from './id-number';
import { MemberLevel } from './member-level.model';
import { Member } from './member.model';
import { MemberAddress, MemberProfile } from './profile.model';

/**
 * Every view of a member's personal data goes through here, and here the phone and the ID number are masked:
 * no answer builds them any other way. The ID number's mask is stored when it is set, so no view decrypts.
 * Views are read after the change committed (never inside a write's transaction): the team figures come from the
 * team module, which may create the member's tree node on first read.
 */
type ViewDeps = Pick<PlatformDeps, 'sequelize' | 'queues' | 'logger' | 'config'>;
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

export async function getProfileView(deps: ViewDeps, memberId: number): Promise<ProfileView> {
  const member = await findMember(memberId);
  const [[row], profile, team] = await Promise.all([
    loadProfileRows([member]),
    MemberProfile.findByPk(memberId),
    getTeamFigures(deps, memberId),
  ]);
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
    team: { directCount: team.directCount, indirectCount: team.indirectCount, teamCount: team.teamCount },
  };
}

export async function getAdminMemberDetail(deps: ViewDeps, memberId: number): Promise<AdminMemberDetail> {
  const member = await findMember(memberId);
  const [[row], profile, addressCount, team, points] = await Promise.all([
    loadProfileRows([member]),
    MemberProfile.findByPk(memberId),
    MemberAddress.count({ where: { memberId } }),
    getTeamFigures(deps, memberId),
    getPointsBalance(deps, memberId, new Date()),
  ]);
  return {
    ...row,
    idNumberMasked: profile?.idNumberMasked ?? null,
    phoneBoundAt: profile?.phoneBoundAt?.toISOString() ?? null,
    addressCount,
    team: {
      directCount: team.directCount,
      indirectCount: team.indirectCount,
      teamCount: team.teamCount,
      teamSalesFen: team.teamSalesFen,
    },
    points: { availablePoints: points.availablePoints, frozenPoints: points.frozenPoints },
  };
}
