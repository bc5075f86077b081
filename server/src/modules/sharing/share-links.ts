import type { ShareChannel, ShareView } from '@mall/shared';
import { DomainError } from '../../platform/errors';

/** Fixed share-card copy: no earnings or recruiting promises (compliance guard: no pay per recruit). */
export const SHARE_TITLE = '好物精选，邀你一起逛逛';

export interface ShareTarget {
  shareId: string;
  inviterCode: string;
  channel: ShareChannel;
  page: string;
  productId: number | null;
}

/** Query of the landing page: the product (if any), the inviter and the share that brought the visitor. */
function landingQuery(t: ShareTarget): string {
  const product = t.productId ? `id=${t.productId}&` : '';
  return `${product}inviter=${t.inviterCode}&share=${t.shareId}`;
}

/**
 * wxacode scene, at most 32 characters: the launched page reads it back with parseScene in the mini-program.
 * i = inviter code, s = share id, p = product id.
 */
export function sceneOf(t: ShareTarget): string {
  const scene = `i=${t.inviterCode}&s=${t.shareId}${t.productId ? `&p=${t.productId}` : ''}`;
  if (scene.length > 32) throw new DomainError('SCENE_TOO_LONG', 'This share does not fit a mini-program code', 422);
  return scene;
}

export function toShareView(t: ShareTarget, h5BaseUrl: string): ShareView {
  const query = landingQuery(t);
  return {
    shareId: t.shareId,
    inviterCode: t.inviterCode,
    channel: t.channel,
    path: `/${t.page}?${query}`,
    // the H5 build routes by hash: /#/pages/index/index?inviter=...
    h5Url: `${h5BaseUrl.replace(/\/+$/, '')}/#/${t.page}?${query}`,
    scene: sceneOf(t),
    title: SHARE_TITLE,
  };
}
