import { Op, type WhereOptions } from 'sequelize';
import type { TeamSessionDetail, TeamSessionSignupView, TeamSessionStatus, TeamSessionView } from '@mall/shared';
import type { AdminTeamSessionView } from '@mall/shared/admin';
import { NotFoundError } from '../../platform/errors';
import { memberRowsByIds, membersByIds } from '../members';
import { referrerChainOf } from '../team';
import { canSee, effectiveStatus, findSession, isSignupOpen } from './session-rules';
import { TeamSession, TeamSessionSignup } from './trainings.model';

type Page = { page: number; pageSize: number };

async function leaderNames(sessions: TeamSession[]): Promise<Map<number, string>> {
  const leaders = await membersByIds(sessions.map((s) => s.leaderId));
  return new Map(leaders.map((m) => [m.id, m.nickname]));
}

export function sessionView(session: TeamSession, leaderName: string, now = new Date()): TeamSessionView {
  return {
    id: session.id,
    leaderId: session.leaderId,
    leaderName,
    title: session.title,
    description: session.description,
    startsAt: session.startsAt.toISOString(),
    endsAt: session.endsAt.toISOString(),
    signupDeadline: session.signupDeadline.toISOString(),
    place: session.place,
    onlineUrl: session.onlineUrl,
    capacity: session.capacity,
    audience: session.audience,
    status: effectiveStatus(session, now),
    signedUpCount: session.signedUpCount,
    canSignUp: isSignupOpen(session, now),
    cancelReason: session.cancelReason ?? null,
    createdAt: session.createdAt.toISOString(),
  };
}

async function viewsOf(sessions: TeamSession[]): Promise<TeamSessionView[]> {
  const names = await leaderNames(sessions);
  return sessions.map((s) => sessionView(s, names.get(s.leaderId) ?? ''));
}

/** The detail as this member sees it: their sign-up, and the attendance count for the leader. */
export async function sessionDetail(session: TeamSession, memberId: number): Promise<TeamSessionDetail> {
  const [names, signup] = await Promise.all([
    leaderNames([session]),
    TeamSessionSignup.findOne({ where: { sessionId: session.id, memberId } }),
  ]);
  const isLeader = session.leaderId === memberId;
  return {
    ...sessionView(session, names.get(session.leaderId) ?? ''),
    isLeader,
    mySignup: signup ? { id: signup.id, status: signup.status, signedUpAt: signup.signedUpAt.toISOString() } : null,
    attendedCount: isLeader
      ? await TeamSessionSignup.count({ where: { sessionId: session.id, status: 'attended' } })
      : null,
  };
}

export async function getSessionFor(memberId: number, sessionId: number): Promise<TeamSessionDetail> {
  const session = await findSession(sessionId);
  if (!(await canSee(session, memberId))) throw new NotFoundError('This training session', 'id');
  return sessionDetail(session, memberId);
}

/**
 * available: scheduled sessions of my referrer (any audience) and of my referrer's referrer (whole-team audience)
 * that have not ended; led: those I lead; joined: those I signed up for (not cancelled by me). Newest first for
 * led and joined, soonest first for available.
 */
export async function listSessionsFor(memberId: number, q: Page & { scope: 'available' | 'led' | 'joined' }) {
  let where: WhereOptions<TeamSession>;
  let order: [string, string][] = [['id', 'DESC']];
  if (q.scope === 'led') where = { leaderId: memberId };
  else if (q.scope === 'joined') {
    const rows = await TeamSessionSignup.findAll({
      where: { memberId, status: { [Op.ne]: 'cancelled' } },
      attributes: ['sessionId'],
    });
    where = { id: { [Op.in]: rows.map((r) => r.sessionId) } };
  } else {
    const [referrer, second] = await referrerChainOf(memberId);
    const leaders = [
      ...(referrer ? [{ leaderId: referrer }] : []),
      ...(second ? [{ leaderId: second, audience: 'team' as const }] : []),
    ];
    if (!leaders.length) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
    where = { [Op.or]: leaders, status: 'scheduled', endsAt: { [Op.gt]: new Date() } };
    order = [
      ['startsAt', 'ASC'],
      ['id', 'ASC'],
    ];
  }
  const { rows, count } = await TeamSession.findAndCountAll({
    where,
    order,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { items: await viewsOf(rows), total: count, page: q.page, pageSize: q.pageSize };
}

export function signupView(
  signup: TeamSessionSignup,
  member: { nickname: string; avatarUrl: string | null; phoneMasked: string | null } | undefined,
): TeamSessionSignupView {
  return {
    id: signup.id,
    memberId: signup.memberId,
    nickname: member?.nickname ?? '',
    avatarUrl: member?.avatarUrl ?? null,
    phoneMasked: member?.phoneMasked ?? null,
    level: signup.level,
    status: signup.status,
    signedUpAt: signup.signedUpAt.toISOString(),
    markedAt: signup.markedAt?.toISOString() ?? null,
  };
}

export async function signupViews(signups: TeamSessionSignup[]): Promise<TeamSessionSignupView[]> {
  const rows = await memberRowsByIds(signups.map((s) => s.memberId));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return signups.map((s) => signupView(s, byId.get(s.memberId)));
}

/** The leader's list, in sign-up order (cancelled ones included, last), phones masked. */
export async function listSignups(session: TeamSession, q: Page) {
  const { rows, count } = await TeamSessionSignup.findAndCountAll({
    where: { sessionId: session.id },
    order: [
      ['signedUpAt', 'ASC'],
      ['id', 'ASC'],
    ],
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { items: await signupViews(rows), total: count, page: q.page, pageSize: q.pageSize };
}

async function attendanceCounts(sessionIds: number[]): Promise<Map<number, { attended: number; absent: number }>> {
  const rows = sessionIds.length
    ? ((await TeamSessionSignup.count({
        where: { sessionId: { [Op.in]: sessionIds }, status: { [Op.in]: ['attended', 'absent'] } },
        group: ['sessionId', 'status'],
      })) as unknown as { sessionId: number; status: string; count: number }[])
    : [];
  const counts = new Map(sessionIds.map((id) => [id, { attended: 0, absent: 0 }]));
  for (const r of rows) {
    const c = counts.get(r.sessionId)!;
    if (r.status === 'attended') c.attended = Number(r.count);
    else c.absent = Number(r.count);
  }
  return counts;
}

export async function adminSessionViews(sessions: TeamSession[]): Promise<AdminTeamSessionView[]> {
  const [views, counts] = await Promise.all([viewsOf(sessions), attendanceCounts(sessions.map((s) => s.id))]);
  return sessions.map((s, i) => ({
    ...views[i]!,
    attendedCount: counts.get(s.id)!.attended,
    absentCount: counts.get(s.id)!.absent,
    cancelledAt: s.cancelledAt?.toISOString() ?? null,
    cancelledBy: s.cancelledBy ?? null,
  }));
}

export async function adminListSessions(q: Page & { status?: TeamSessionStatus; leaderId?: number }) {
  const now = new Date();
  // the stored status, read as members read it: a scheduled session past its end counts as finished
  const byStatus: WhereOptions<TeamSession> =
    q.status === 'scheduled'
      ? { status: 'scheduled', endsAt: { [Op.gt]: now } }
      : q.status === 'finished'
        ? { [Op.or]: [{ status: 'finished' }, { status: 'scheduled', endsAt: { [Op.lte]: now } }] }
        : q.status
          ? { status: q.status }
          : {};
  const { rows, count } = await TeamSession.findAndCountAll({
    where: { ...byStatus, ...(q.leaderId ? { leaderId: q.leaderId } : {}) },
    order: [['id', 'DESC']],
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { items: await adminSessionViews(rows), total: count, page: q.page, pageSize: q.pageSize };
}
