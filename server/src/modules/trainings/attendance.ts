import { Op } from 'sequelize';
import {
  assertTransition,
  teamSessionSignupTransitions,
  teamSessionTransitions,
  type TeamSessionSignupView,
} from '@mall/shared';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { DomainError, NotFoundError } from '../../platform/errors';
import { ATTENDANCE_WINDOW_MS, lockLedSession } from './session-rules';
import { signupViews } from './session-views';
import { TeamSession, TeamSessionSignup } from './trainings.model';

/**
 * The leader marks a sign-up attended or absent, once the session has started and for a week after its end.
 * Marking the same again changes nothing; attended and absent may be corrected into each other. A cancelled
 * sign-up cannot be marked (ILLEGAL_TRANSITION). Attendance is a record only: it pays no money and no points
 * (compliance guard: nothing is paid for a team's results).
 */
export async function markAttendance(
  deps: PlatformDeps,
  leaderId: number,
  sessionId: number,
  signupId: number,
  status: 'attended' | 'absent',
): Promise<TeamSessionSignupView> {
  const now = new Date();
  const signup = await withTx(deps.sequelize, async (tx) => {
    const session = await lockLedSession(sessionId, leaderId, tx);
    if (session.status === 'cancelled') throw new DomainError('TEAM_SESSION_CLOSED', 'This session was cancelled', 409);
    if (session.startsAt > now)
      throw new DomainError('TEAM_SESSION_NOT_STARTED', 'Attendance is marked once the session has started', 409);
    if (session.endsAt.getTime() + ATTENDANCE_WINDOW_MS <= now.getTime())
      throw new DomainError('TEAM_SESSION_ATTENDANCE_CLOSED', 'Attendance closed a week after the session', 409);
    const row = await TeamSessionSignup.findOne({ where: { id: signupId, sessionId }, transaction: tx });
    if (!row) throw new NotFoundError('This sign-up', 'signupId');
    if (row.status === status) return row;
    assertTransition('team session sign-up', teamSessionSignupTransitions, row.status, status);
    await row.update({ status, markedAt: now }, { transaction: tx });
    return row;
  });
  return (await signupViews([signup]))[0]!;
}

const BATCH = 200;

/**
 * The sweep: scheduled sessions past their end become finished (readers saw them so already). A conditional
 * update per batch: a session cancelled meanwhile stays cancelled, and a second run finds nothing.
 */
export async function finishEndedSessions(deps: PlatformDeps, now = new Date()): Promise<number> {
  let finished = 0;
  for (;;) {
    const due = await TeamSession.findAll({
      where: { status: 'scheduled', endsAt: { [Op.lte]: now } },
      attributes: ['id', 'status'],
      limit: BATCH,
    });
    if (!due.length) return finished;
    for (const s of due) assertTransition('team session', teamSessionTransitions, s.status, 'finished');
    const [count] = await withTx(deps.sequelize, (tx) =>
      TeamSession.update(
        { status: 'finished', finishedAt: now },
        { where: { id: { [Op.in]: due.map((s) => s.id) }, status: 'scheduled' }, transaction: tx },
      ),
    );
    finished += count;
    if (due.length < BATCH) return finished;
  }
}
