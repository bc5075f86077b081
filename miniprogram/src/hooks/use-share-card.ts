import type Taro from '@tarojs/taro';
import { useShareAppMessage } from '@tarojs/taro';
import { SHARE_TITLE_FALLBACK } from '../lib/share-copy';
import { recordShare } from '../api/sharing';
import { getMember, isLoggedIn } from '../stores/session';

/**
 * The chat share card of a page (onShareAppMessage): it carries the member's invite code, and the share is
 * recorded for their sharing figures. Sharing never unlocks anything (platform rule: no "share to unlock").
 */
export function useShareCard(page: 'pages/index/index' | 'pages/product/index', productId?: number): void {
  useShareAppMessage(() => {
    const member = isLoggedIn() ? getMember() : null;
    const query = productId ? `id=${productId}` : '';
    if (!member) return { title: SHARE_TITLE_FALLBACK, path: `/${page}${query ? `?${query}` : ''}` };
    const basic = {
      title: SHARE_TITLE_FALLBACK,
      path: `/${page}?${query ? `${query}&` : ''}inviter=${member.inviteCode}`,
    };
    // WeChat waits up to 3 s for `promise`; until it resolves (or if it fails) the basic card is used
    const promise = recordShare({ channel: 'card', page, ...(productId ? { productId } : {}) })
      .then((share) => ({ title: share.title, path: share.path }))
      .catch(() => basic);
    return { ...basic, promise } as Taro.ShareAppMessageReturn;
  });
}
