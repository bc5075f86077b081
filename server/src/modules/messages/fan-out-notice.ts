import { Op } from 'sequelize';
import type { PlatformDeps } from '../../platform/deps';
import { getMember } from '../members';
import { membersBelow } from '../team';
import { Message, SubscribeGrant, TeamNotice } from './message.model';

export const FAN_OUT_JOB = 'team-notice.fan-out';
export const FAN_OUT_SWEEP_JOB = 'team-notice.fan-out-sweep';
export const SUBSCRIBE_JOB = 'team-notice.subscribe';
const CHUNK = 500;
/** A notice this old and not fanned out lost its job (Redis away at commit, the process killed before the add). */
const SWEEP_AFTER_MS = 60_000;
const SWEEP_BATCH = 50;

/**
 * Puts a notice into every recipient's inbox and queues a subscribe message for those who granted one.
 * Idempotent: an inbox row exists once per notice and member (unique key, duplicates ignored), and the
 * subscribe jobs carry notice + member as their id.
 */
export async function fanOutNotice(deps: PlatformDeps, noticeId: number): Promise<{ inboxed: number }> {
  const notice = await TeamNotice.findByPk(noticeId);
  if (!notice) return { inboxed: 0 };
  const sender = await getMember(notice.senderId).catch(() => null); // a removed sender still reaches the team
  const recipients = await recipientsOf(notice);
  for (let i = 0; i < recipients.length; i += CHUNK) {
    const chunk = recipients.slice(i, i + CHUNK);
    await Message.bulkCreate(
      chunk.map((memberId) => ({
        memberId,
        kind: 'team_notice' as const,
        title: notice.title,
        body: notice.body,
        senderName: sender?.nickname ?? null,
        noticeId: notice.id,
      })),
      { ignoreDuplicates: true },
    );
    await queueSubscribeMessages(deps, notice.id, chunk);
  }
  if (!notice.fannedOutAt) await notice.update({ fannedOutAt: new Date() });
  return { inboxed: recipients.length };
}

/**
 * Fans out the notices whose after-commit job was lost, oldest first (the fan-out is idempotent, so a notice whose
 * job is merely slow is safe to fan out here too).
 */
export async function sweepUnsentNotices(deps: PlatformDeps, now = new Date()): Promise<{ fannedOut: number }> {
  const unsent = await TeamNotice.findAll({
    where: { fannedOutAt: null, createdAt: { [Op.lt]: new Date(now.getTime() - SWEEP_AFTER_MS) } },
    order: [['id', 'ASC']],
    limit: SWEEP_BATCH,
    attributes: ['id'],
  });
  for (const { id } of unsent) await fanOutNotice(deps, id);
  return { fannedOut: unsent.length };
}

/** The chosen members of a notice, else the sender's team as it is now (two levels). */
async function recipientsOf(notice: TeamNotice): Promise<number[]> {
  if (notice.recipientIdsJson) return JSON.parse(notice.recipientIdsJson) as number[];
  const [direct, second] = await membersBelow(notice.senderId, 2);
  return [...direct, ...second];
}

async function queueSubscribeMessages(deps: PlatformDeps, noticeId: number, memberIds: number[]): Promise<void> {
  const templateId = deps.config.sharing.noticeTemplateId;
  if (!templateId) return;
  const granted = await SubscribeGrant.findAll({
    where: { templateId, memberId: { [Op.in]: memberIds }, remaining: { [Op.gt]: 0 } },
    attributes: ['memberId'],
  });
  await Promise.all(
    granted.map(({ memberId }) =>
      deps.queues.notifications.add(
        SUBSCRIBE_JOB,
        { noticeId, memberId },
        { jobId: `team-notice-subscribe:${noticeId}:${memberId}` },
      ),
    ),
  );
}
