import type { Transaction } from 'sequelize';
import type { TeamSessionAudience, TeamSessionStatus } from '@mall/shared';
import { forUpdate } from '../../platform/db/database';
import { DomainError, NotFoundError } from '../../platform/errors';
import { referrerChainOf } from '../team';
import { TeamSession, TeamSessionSignup } from './trainings.model';

/** The leader may correct attendance for a week after the end; then the record stands. */
export const ATTENDANCE_WINDOW_MS = 7 * 86_400_000;

/** A scheduled session past its end is finished at once for every reader; the sweep writes it a little later. */
export function effectiveStatus(session: TeamSession, now = new Date()): TeamSessionStatus {
  return session.status === 'scheduled' && session.endsAt <= now ? 'finished' : session.status;
}

export function isSignupOpen(session: TeamSession, now = new Date()): boolean {
  return (
    effectiveStatus(session, now) === 'scheduled' &&
    now < session.signupDeadline &&
    (session.capacity === null || session.signedUpCount < session.capacity)
  );
}

/** The levels a session's audience reaches below its leader. */
export const audienceDepth = (audience: TeamSessionAudience): 1 | 2 => (audience === 'direct' ? 1 : 2);

/**
 * Where the member stands below the leader now (1: direct, 2: a direct member's member), or null when outside
 * the session's audience. Read in the transaction: a member moved to another team a moment ago is outside.
 */
export async function audienceLevel(session: TeamSession, memberId: number, tx?: Transaction): Promise<1 | 2 | null> {
  const chain = await referrerChainOf(memberId, tx, 2);
  const index = chain.indexOf(session.leaderId);
  if (index < 0 || index >= audienceDepth(session.audience)) return null;
  return (index + 1) as 1 | 2;
}

export async function findSession(id: number, tx?: Transaction): Promise<TeamSession> {
  const session = await TeamSession.findByPk(id, tx ? forUpdate(tx) : {});
  if (!session) throw new NotFoundError('This training session', 'id');
  return session;
}

/**
 * The session (locked when in a transaction) when the caller leads it. A member who sees it (its audience, or
 * signed up) is told only its leader may do this (403); anyone else is told it does not exist (404).
 */
export async function lockLedSession(id: number, memberId: number, tx?: Transaction): Promise<TeamSession> {
  const session = await findSession(id, tx);
  if (session.leaderId === memberId) return session;
  if (await canSee(session, memberId, tx))
    throw new DomainError('TEAM_SESSION_LEADER_ONLY', 'Only the leader of this session may do this', 403);
  throw new NotFoundError('This training session', 'id');
}

/** Its leader, its audience now, and whoever signed up (even after leaving the team) see a session. */
export async function canSee(session: TeamSession, memberId: number, tx?: Transaction): Promise<boolean> {
  if (session.leaderId === memberId) return true;
  if ((await audienceLevel(session, memberId, tx)) !== null) return true;
  const signup = await TeamSessionSignup.findOne({
    where: { sessionId: session.id, memberId },
    attributes: ['id'],
    transaction: tx,
  });
  return signup !== null;
}

export function assertNotStarted(session: TeamSession, now: Date): void {
  if (session.startsAt <= now)
    throw new DomainError('TEAM_SESSION_STARTED', 'This session has started: it can no longer be changed', 409);
}

/** "12-05 19:30" in China time: how the inbox tells a time. */
export function chinaTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(5, 16).replace('T', ' ');
}

export const whereOf = (s: { place: string | null; onlineUrl: string | null }) => s.place ?? '线上（链接见详情）';

/** Members holding a seat not yet marked: those a change or a cancellation must reach. */
export async function signedUpIds(sessionId: number, tx: Transaction): Promise<number[]> {
  const rows = await TeamSessionSignup.findAll({
    where: { sessionId, status: 'signed_up' },
    attributes: ['memberId'],
    transaction: tx,
  });
  return rows.map((s) => s.memberId);
}
