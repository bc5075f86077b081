import { Op, type Transaction } from 'sequelize';
import type { z } from 'zod';
import type { TeamSessionDetail, TeamSessionInput } from '@mall/shared';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { DomainError, ValidationError } from '../../platform/errors';
import { assertCleanCopy } from '../catalog';
import { currentPolicy, distributorOf } from '../distribution';
import { holdMemberLock } from '../members';
import { noticeMembers } from '../messages';
import { membersBelow } from '../team';
import { assertNotStarted, audienceDepth, chinaTime, lockLedSession, signedUpIds, whereOf } from './session-rules';
import { sessionDetail } from './session-views';
import { TeamSession } from './trainings.model';

type Input = z.output<typeof TeamSessionInput>;

/** Upcoming sessions a leader may hold at once: enough for a busy team, too few to flood its inbox. */
export const MAX_OPEN_SESSIONS = 10;

function columnsOf(input: Input) {
  return {
    title: input.title,
    description: input.description,
    startsAt: new Date(input.startsAt),
    endsAt: new Date(input.endsAt),
    signupDeadline: new Date(input.signupDeadline),
    place: input.place,
    onlineUrl: input.onlineUrl,
    capacity: input.capacity,
    audience: input.audience,
  };
}

/** The rules against "now" and the copy rules; the shape and the order of the times are the contract's. */
function assertAnnounceable(deps: PlatformDeps, input: Input, now: Date): void {
  if (Date.parse(input.startsAt) <= now.getTime()) throw new ValidationError('must be in the future', 'startsAt');
  // the session reaches the team's inbox: the same forbidden words as product copy (422 COPY_FORBIDDEN_WORDS)
  assertCleanCopy(deps.config.catalog, { title: input.title, body: input.description });
}

/** The members a session of this leader and audience reaches now. */
async function audienceOf(leaderId: number, audience: Input['audience'], tx?: Transaction): Promise<number[]> {
  return (await membersBelow(leaderId, audienceDepth(audience), tx)).flat();
}

/**
 * A distributor announces a session to their team (direct members, or two levels): stored with its notice to the
 * audience in one transaction; the inbox rows go out after commit. A member who is not a distributor is refused
 * (403), and so is a leader with nobody in the chosen audience (409).
 */
export async function announceSession(deps: PlatformDeps, leaderId: number, input: Input): Promise<TeamSessionDetail> {
  const now = new Date();
  assertAnnounceable(deps, input, now);
  if (!(await distributorOf(await currentPolicy(deps), leaderId)).earns)
    throw new DomainError('TEAM_SESSION_LEADER_ONLY', 'Only a distributor may announce a training session', 403);
  const session = await withTx(deps.sequelize, async (tx) => {
    await holdMemberLock(leaderId, tx); // two announcements at once count the open sessions one after the other
    const audience = await audienceOf(leaderId, input.audience, tx);
    if (!audience.length)
      throw new DomainError('NO_TEAM_MEMBERS', 'Nobody in this audience yet: invite members first', 409, 'audience');
    const open = await TeamSession.count({
      where: { leaderId, status: 'scheduled', endsAt: { [Op.gt]: now } },
      transaction: tx,
    });
    if (open >= MAX_OPEN_SESSIONS)
      throw new DomainError('TEAM_SESSION_TOO_MANY', `At most ${MAX_OPEN_SESSIONS} sessions can be open at once`, 409);
    const created = await TeamSession.create(
      { leaderId, ...columnsOf(input), status: 'scheduled' },
      { transaction: tx },
    );
    await noticeMembers(deps, tx, {
      senderId: leaderId,
      title: `团队培训：${created.title}`,
      body: `${chinaTime(created.startsAt)} 开始，${whereOf(created)}。报名截止 ${chinaTime(created.signupDeadline)}，在「团队培训」里报名。`,
      recipientIds: audience,
    });
    return created;
  });
  return sessionDetail(session, leaderId);
}

/**
 * The leader changes a session before it starts. Seats cannot drop below those taken, and the audience is fixed
 * once someone signed up (narrowing it would leave them outside). Those signed up are told of a new time or place.
 */
export async function updateSession(
  deps: PlatformDeps,
  leaderId: number,
  sessionId: number,
  input: Input,
): Promise<TeamSessionDetail> {
  const now = new Date();
  assertAnnounceable(deps, input, now);
  const session = await withTx(deps.sequelize, async (tx) => {
    const row = await lockLedSession(sessionId, leaderId, tx);
    if (row.status !== 'scheduled')
      throw new DomainError('TEAM_SESSION_CLOSED', `This session is ${row.status}: it can no longer be changed`, 409);
    assertNotStarted(row, now);
    if (input.capacity !== null && input.capacity < row.signedUpCount)
      throw new DomainError(
        'TEAM_SESSION_CAPACITY_BELOW_SIGNUPS',
        `${row.signedUpCount} members signed up already: the capacity cannot be lower`,
        409,
        'capacity',
      );
    if (input.audience !== row.audience && row.signedUpCount > 0)
      throw new DomainError(
        'TEAM_SESSION_AUDIENCE_LOCKED',
        'Members signed up: the audience is fixed',
        409,
        'audience',
      );
    const moved =
      row.startsAt.getTime() !== Date.parse(input.startsAt) ||
      row.endsAt.getTime() !== Date.parse(input.endsAt) ||
      row.place !== input.place ||
      row.onlineUrl !== input.onlineUrl;
    await row.update(columnsOf(input), { transaction: tx });
    if (moved)
      await noticeMembers(deps, tx, {
        senderId: leaderId,
        title: `培训变更：${row.title}`,
        body: `时间地点有变：${chinaTime(row.startsAt)} 开始，${whereOf(row)}。`,
        recipientIds: await signedUpIds(row.id, tx),
      });
    return row;
  });
  return sessionDetail(session, leaderId);
}
