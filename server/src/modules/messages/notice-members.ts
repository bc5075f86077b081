import type { Transaction } from 'sequelize';
import type { PlatformDeps } from '../../platform/deps';
import { enqueueAfterCommit } from '../../platform/queue/queues';
import { FAN_OUT_JOB } from './fan-out-notice';
import { TeamNotice } from './message.model';

const TITLE_MAX = 40;
const BODY_MAX = 400;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Inside the caller's transaction: stores a notice and queues its fan-out after commit (job id = notice), so a
 * rollback sends nothing. `recipientIds` chooses the members; without it the notice reaches the sender's team.
 */
export async function storeNotice(
  deps: PlatformDeps,
  tx: Transaction,
  notice: { senderId: number; title: string; body: string; recipientIds?: readonly number[]; recipientCount: number },
): Promise<TeamNotice> {
  const created = await TeamNotice.create(
    {
      senderId: notice.senderId,
      title: clip(notice.title, TITLE_MAX),
      body: clip(notice.body, BODY_MAX),
      recipientCount: notice.recipientCount,
      recipientIdsJson: notice.recipientIds ? JSON.stringify([...new Set(notice.recipientIds)]) : null,
    },
    { transaction: tx },
  );
  enqueueAfterCommit(
    tx,
    deps.queues.notifications,
    FAN_OUT_JOB,
    { noticeId: created.id },
    { jobId: `team-notice:${created.id}` },
    deps.logger,
  );
  return created;
}

/**
 * A notice from a member to chosen members of their team (a training session's audience, those signed up for it),
 * through the team notice's inbox and subscribe-message path. Nothing is stored for no recipients.
 */
export async function noticeMembers(
  deps: PlatformDeps,
  tx: Transaction,
  notice: { senderId: number; title: string; body: string; recipientIds: readonly number[] },
): Promise<number | null> {
  const recipientIds = [...new Set(notice.recipientIds)];
  if (!recipientIds.length) return null;
  const stored = await storeNotice(deps, tx, { ...notice, recipientIds, recipientCount: recipientIds.length });
  return stored.id;
}
