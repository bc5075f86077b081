import { randomInt } from 'node:crypto';
import { UniqueConstraintError } from 'sequelize';
import type { ShareChannel, ShareView } from '@mall/shared';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { NotFoundError } from '../../platform/errors';
import { assertCleanCopy } from '../catalog';
import { getMember } from '../members';
import { addToDailyStats, dayOf } from './daily-stats';
import { ShareLink } from './sharing.model';
import { SHARE_TITLE, toShareView, type ShareTarget } from './share-links';

const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const newShareId = () => Array.from({ length: 6 }, () => ID_ALPHABET[randomInt(ID_ALPHABET.length)]).join('');

export interface ShareInput {
  channel: ShareChannel;
  page: string;
  productId?: number;
}

/** A member shares a page: one share row, the day's share count goes up, and the codes to share come back. */
export async function recordShare(deps: PlatformDeps, memberId: number, input: ShareInput): Promise<ShareView> {
  assertCleanCopy(deps.config.catalog, { title: SHARE_TITLE }); // the card title is copy like any other
  const member = await getMember(memberId);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const share = await withTx(deps.sequelize, async (tx) => {
        const created = await ShareLink.create(
          {
            shareId: newShareId(),
            memberId,
            channel: input.channel,
            page: input.page,
            productId: input.page === 'pages/product/index' ? (input.productId ?? null) : null,
          },
          { transaction: tx },
        );
        await addToDailyStats(deps.sequelize, memberId, dayOf(created.createdAt), { shares: 1 }, tx);
        return created;
      });
      return toShareView(targetOf(share, member.inviteCode), deps.config.sharing.h5BaseUrl);
    } catch (error) {
      if (!(error instanceof UniqueConstraintError)) throw error; // a share id clash: draw another
    }
  }
  throw new Error('could not draw a free share id');
}

export function targetOf(share: ShareLink, inviterCode: string): ShareTarget {
  return {
    shareId: share.shareId,
    inviterCode,
    channel: share.channel,
    page: share.page,
    productId: share.productId,
  };
}

/** One of the member's own shares; another member's share answers 404. */
export async function findOwnShare(memberId: number, shareId: string): Promise<{ share: ShareLink; code: string }> {
  const share = await ShareLink.findOne({ where: { shareId, memberId } });
  if (!share) throw new NotFoundError('Share', 'shareId');
  const member = await getMember(memberId);
  return { share, code: member.inviteCode };
}
