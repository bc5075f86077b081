import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { DomainError } from '../../platform/errors';
import { assertCleanCopy } from '../catalog';
import { membersBelow } from '../team';
import { storeNotice } from './notice-members';

/**
 * A member writes to their team: the direct members and theirs (two levels, the depth the law allows a
 * distribution relation). The notice is stored now; the inbox rows and subscribe messages go out in a job.
 */
export async function sendTeamNotice(
  deps: PlatformDeps,
  senderId: number,
  input: { title: string; body: string },
): Promise<{ noticeId: number; recipients: number }> {
  // the same forbidden words as product copy: pyramid vocabulary, efficacy claims (422 COPY_FORBIDDEN_WORDS)
  assertCleanCopy(deps.config.catalog, { title: input.title, body: input.body });
  const [direct, second] = await membersBelow(senderId, 2);
  const recipients = direct.length + second.length;
  if (recipients === 0) throw new DomainError('NO_TEAM_MEMBERS', 'You have no team members to notify yet', 409);
  const notice = await withTx(deps.sequelize, (tx) =>
    storeNotice(deps, tx, { senderId, title: input.title, body: input.body, recipientCount: recipients }),
  );
  return { noticeId: notice.id, recipients };
}
