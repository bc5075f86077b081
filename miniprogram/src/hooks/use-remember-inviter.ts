import { useEffect } from 'react';
import { useRouter } from '@tarojs/taro';
import { noteShareLaunch } from '../lib/share-launch';

/**
 * Any page can be a share's landing page: keep its inviter (?inviter= from a card or link, or the wxacode
 * `scene`) for the next login, and count the open for the inviter.
 */
export function useRememberInviter(): void {
  const { params } = useRouter();
  const { inviter, share, scene } = params;
  useEffect(() => noteShareLaunch({ inviter, share, scene }), [inviter, share, scene]);
}
