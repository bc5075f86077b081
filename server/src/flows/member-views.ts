import type { MemberView, ProfileView } from '@mall/shared';
import type { AdminMemberDetail, AdminMemberRow } from '@mall/shared/admin';
import type { PlatformDeps } from '../platform/deps';
import { getPointsBalance, levelsOf } from '../modules/loyalty';
import { getMember, memberPersonalDataOf, membersByIds, type MemberRow } from '../modules/members';
import { getTeamFigures, referrerOf } from '../modules/team';

/**
 * The member as the member and the admins see them: who they are and their personal data (members), their level
 * (loyalty), who referred them and their team (team). Read after the change committed, never inside a write's
 * transaction: the team figures may create the member's tree node on first read.
 */
type ViewDeps = Pick<PlatformDeps, 'sequelize' | 'queues' | 'logger' | 'config'>;

/** Level and referrer for a page of rows: three queries whatever the page size. */
export async function completeMemberRows(rows: MemberRow[]): Promise<AdminMemberRow[]> {
  const ids = rows.map((r) => r.id);
  const [levels, referrers] = await Promise.all([levelsOf(ids), referrerOf(ids)]);
  const referrerIds = [...referrers.values()].filter((id): id is number => id !== null);
  const nicknameOf = new Map((await membersByIds(referrerIds)).map((m) => [m.id, m.nickname]));
  return rows.map((row) => {
    const level = levels.get(row.id)!;
    const referrerId = referrers.get(row.id) ?? null;
    const nickname = referrerId === null ? undefined : nicknameOf.get(referrerId);
    return {
      ...row,
      levelCode: level.code,
      levelName: level.name,
      referrer: referrerId === null || nickname === undefined ? null : { id: referrerId, nickname },
    };
  });
}

/** The login answer and GET /api/me. */
export async function memberViewOf(memberId: number): Promise<MemberView> {
  const [member, levels, referrers] = await Promise.all([
    getMember(memberId),
    levelsOf([memberId]),
    referrerOf([memberId]),
  ]);
  const level = levels.get(memberId)!;
  return {
    id: member.id,
    nickname: member.nickname,
    avatarUrl: member.avatarUrl,
    inviteCode: member.inviteCode,
    referrerId: referrers.get(memberId) ?? null,
    levelCode: level.code,
    levelName: level.name,
    createdAt: member.createdAt.toISOString(),
  };
}

export async function profileViewOf(deps: ViewDeps, memberId: number): Promise<ProfileView> {
  const personal = await memberPersonalDataOf(memberId);
  const [[row], team] = await Promise.all([completeMemberRows([personal]), getTeamFigures(deps, memberId)]);
  return {
    id: row.id,
    nickname: row.nickname,
    avatarUrl: row.avatarUrl,
    inviteCode: row.inviteCode,
    levelCode: row.levelCode,
    levelName: row.levelName,
    realName: row.realName,
    phoneMasked: row.phoneMasked,
    idNumberMasked: personal.idNumberMasked,
    joinedAt: row.joinedAt,
    referrer: row.referrer,
    team: { directCount: team.directCount, indirectCount: team.indirectCount, teamCount: team.teamCount },
  };
}

export async function adminMemberDetailOf(deps: ViewDeps, memberId: number): Promise<AdminMemberDetail> {
  const personal = await memberPersonalDataOf(memberId);
  const [[row], team, points] = await Promise.all([
    completeMemberRows([personal]),
    getTeamFigures(deps, memberId),
    getPointsBalance(deps, memberId, new Date()),
  ]);
  return {
    ...row,
    idNumberMasked: personal.idNumberMasked,
    phoneBoundAt: personal.phoneBoundAt,
    addressCount: personal.addressCount,
    team: {
      directCount: team.directCount,
      indirectCount: team.indirectCount,
      teamCount: team.teamCount,
      teamSalesFen: team.teamSalesFen,
    },
    points: { availablePoints: points.availablePoints, frozenPoints: points.frozenPoints },
  };
}
