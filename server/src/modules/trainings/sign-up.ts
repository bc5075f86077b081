import { literal, Op } from 'sequelize';
import {
  assertTransition,
  teamSessionSignupTransitions,
  type TeamSessionDetail,
  type TeamSessionSignupStatus,
} from '@mall/shared';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { DomainError, NotFoundError } from '../../platform/errors';
import { audienceLevel, canSee, effectiveStatus, findSession } from './session-rules';
import { sessionDetail } from './session-views';
import { TeamSession, TeamSessionSignup } from './trainings.model';

const closed = (why: string) => new DomainError('TEAM_SESSION_SIGNUP_CLOSED', why, 409);

/**
 * A member of the session's audience (the leader's team as it is now) takes a seat. Idempotent: a member already
 * signed up gets the same answer and nothing changes. The session row is locked for the check, and the seat is
 * taken by a conditional update (`signed_up_count < capacity`) that the CHECK on the table backs, so 30 members
 * racing for the last seats never take more than there are. A member who cancelled may sign up again (same row).
 */
export async function signUp(deps: PlatformDeps, memberId: number, sessionId: number): Promise<TeamSessionDetail> {
  const now = new Date();
  const session = await withTx(deps.sequelize, async (tx) => {
    const row = await findSession(sessionId, tx);
    const existing = await TeamSessionSignup.findOne({ where: { sessionId, memberId }, transaction: tx });
    if (existing && existing.status !== 'cancelled') return row; // signed up (or marked) already: the same answer
    const level = await audienceLevel(row, memberId, tx);
    if (level === null) {
      if (row.leaderId === memberId || existing)
        throw new DomainError('TEAM_SESSION_NOT_IN_AUDIENCE', 'This session is for the leader’s team', 403);
      throw new NotFoundError('This training session', 'id');
    }
    if (effectiveStatus(row, now) !== 'scheduled') throw closed(`This session is ${effectiveStatus(row, now)}`);
    if (now >= row.signupDeadline) throw closed('Sign-up for this session has closed');
    const [taken] = await TeamSession.update(
      { signedUpCount: literal('signed_up_count + 1') as unknown as number },
      {
        where: {
          id: row.id,
          status: 'scheduled',
          [Op.or]: [{ capacity: null }, { signedUpCount: { [Op.lt]: literal('capacity') } }],
        },
        transaction: tx,
      },
    );
    if (!taken) throw new DomainError('TEAM_SESSION_FULL', 'This session is full', 409);
    if (existing) {
      assertTransition('team session sign-up', teamSessionSignupTransitions, existing.status, 'signed_up');
      await existing.update({ status: 'signed_up', level, signedUpAt: now, cancelledAt: null }, { transaction: tx });
    } else {
      await TeamSessionSignup.create(
        { sessionId, memberId, level, status: 'signed_up', signedUpAt: now },
        { transaction: tx },
      );
    }
    await row.reload({ transaction: tx });
    return row;
  });
  return sessionDetail(session, memberId);
}

/**
 * The member gives their seat back before the sign-up deadline. Idempotent: a cancelled sign-up stays as it is.
 * A sign-up already marked attended or absent cannot be cancelled (ILLEGAL_TRANSITION).
 */
export async function cancelSignup(deps: PlatformDeps, memberId: number, sessionId: number) {
  const now = new Date();
  const session = await withTx(deps.sequelize, async (tx) => {
    const row = await findSession(sessionId, tx);
    const signup = await TeamSessionSignup.findOne({ where: { sessionId, memberId }, transaction: tx });
    if (!signup) {
      if (await canSee(row, memberId, tx))
        throw new DomainError('TEAM_SESSION_NOT_SIGNED_UP', 'You have not signed up for this session', 409);
      throw new NotFoundError('This training session', 'id');
    }
    if (signup.status === 'cancelled') return row;
    const to: TeamSessionSignupStatus = 'cancelled';
    assertTransition('team session sign-up', teamSessionSignupTransitions, signup.status, to);
    if (row.status !== 'cancelled' && now >= row.signupDeadline)
      throw closed('Sign-up closed: ask the leader if you cannot come');
    await signup.update({ status: to, cancelledAt: now }, { transaction: tx });
    await TeamSession.update(
      { signedUpCount: literal('signed_up_count - 1') as unknown as number },
      { where: { id: row.id }, transaction: tx },
    );
    await row.reload({ transaction: tx });
    return row;
  });
  return sessionDetail(session, memberId);
}
