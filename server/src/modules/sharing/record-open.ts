import { UniqueConstraintError } from 'sequelize';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { NotFoundError } from '../../platform/errors';
import { memberIdByCode } from '../members';
import { addToDailyStats, dayOf } from './daily-stats';
import { ShareOpen, ShareLink } from './sharing.model';

export interface OpenInput {
  inviterCode: string;
  shareId?: string;
  visitorId: string;
}

/**
 * A link or card was opened. It counts for the inviter once per visitor, share and day (the unique key of
 * share_opens decides, so concurrent reports of the same open count once).
 */
export async function recordOpen(deps: PlatformDeps, input: OpenInput, at = new Date()): Promise<{ counted: boolean }> {
  const inviterId = await memberIdByCode(input.inviterCode);
  if (inviterId === null) throw new NotFoundError('Inviter', 'inviterCode');
  if (input.shareId) {
    const share = await ShareLink.findOne({ where: { shareId: input.shareId, memberId: inviterId } });
    if (!share) throw new NotFoundError('Share', 'shareId');
  }
  const day = dayOf(at);
  try {
    await withTx(deps.sequelize, async (tx) => {
      await ShareOpen.create(
        { promoterId: inviterId, shareKey: input.shareId ?? '', visitorId: input.visitorId, day, createdAt: at },
        { transaction: tx },
      );
      await addToDailyStats(deps.sequelize, inviterId, day, { opens: 1 }, tx);
    });
    return { counted: true };
  } catch (error) {
    if (error instanceof UniqueConstraintError) return { counted: false }; // already counted today
    throw error;
  }
}
