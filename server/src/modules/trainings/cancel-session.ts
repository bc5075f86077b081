import type { Transaction } from 'sequelize';
import { assertTransition, teamSessionTransitions, type TeamSessionDetail } from '@mall/shared';
import type { AdminTeamSessionView } from '@mall/shared/admin';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import type { AdminActor } from '../../platform/http/api-router';
import { recordAudit } from '../admin';
import { noticeMembers } from '../messages';
import {
  assertNotStarted,
  chinaTime,
  effectiveStatus,
  findSession,
  lockLedSession,
  signedUpIds,
} from './session-rules';
import { adminSessionViews, sessionDetail } from './session-views';
import type { TeamSession } from './trainings.model';

/**
 * Cancels a scheduled session and tells those signed up. A cancelled session answers as it is (nothing changes);
 * a finished one cannot be cancelled (ILLEGAL_TRANSITION). Sign-ups keep their status: the session's says it all.
 */
async function cancelRow(
  deps: PlatformDeps,
  tx: Transaction,
  row: TeamSession,
  by: { actor: string; reason: string },
  now: Date,
): Promise<boolean> {
  if (row.status === 'cancelled') return false;
  assertTransition('team session', teamSessionTransitions, effectiveStatus(row, now), 'cancelled');
  await row.update(
    { status: 'cancelled', cancelReason: by.reason, cancelledBy: by.actor, cancelledAt: now },
    { transaction: tx },
  );
  await noticeMembers(deps, tx, {
    senderId: row.leaderId,
    title: `培训取消：${row.title}`,
    body: `原定 ${chinaTime(row.startsAt)} 开始的培训已取消。原因：${by.reason}`,
    recipientIds: await signedUpIds(row.id, tx),
  });
  return true;
}

/** The leader cancels before the start (after it, the session happens and finishes). */
export async function cancelByLeader(
  deps: PlatformDeps,
  leaderId: number,
  sessionId: number,
  reason: string,
): Promise<TeamSessionDetail> {
  const now = new Date();
  const session = await withTx(deps.sequelize, async (tx) => {
    const row = await lockLedSession(sessionId, leaderId, tx);
    if (row.status !== 'cancelled') assertNotStarted(row, now);
    await cancelRow(deps, tx, row, { actor: `member:${leaderId}`, reason }, now);
    return row;
  });
  return sessionDetail(session, leaderId);
}

/**
 * An admin cancels a scheduled session until it ends (copy or conduct out of bounds), audited with the reason.
 * Cancelling it again changes nothing.
 */
export async function cancelByAdmin(
  deps: PlatformDeps,
  actor: AdminActor,
  sessionId: number,
  reason: string,
): Promise<AdminTeamSessionView> {
  const now = new Date();
  const session = await withTx(deps.sequelize, async (tx) => {
    const row = await findSession(sessionId, tx);
    const before = { status: effectiveStatus(row, now), cancelReason: row.cancelReason };
    await cancelRow(deps, tx, row, { actor: `admin:${actor.username}`, reason }, now);
    // a repeat is recorded too (before = after): every admin write leaves its line, even one that changed nothing
    await recordAudit(
      actor,
      {
        action: 'team_session.cancel',
        targetType: 'team_session',
        targetId: String(row.id),
        before,
        after: { status: row.status, cancelReason: row.cancelReason },
        reason,
      },
      tx,
    );
    return row;
  });
  return (await adminSessionViews([session]))[0]!;
}
