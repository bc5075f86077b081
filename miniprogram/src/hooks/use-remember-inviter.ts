import { useEffect } from 'react';
import { useRouter } from '@tarojs/taro';
import { bindReferrer } from '../api/team';
import { noteShareLaunch } from '../lib/share-launch';
import { isLoggedIn } from '../stores/session';

/**
 * Any page can be a share's landing page: keep its inviter (?inviter= from a card or link, or the wxacode
 * `scene`) for the next login and count the open for the inviter; for a member already logged in, ask the server
 * to bind (the binding mode decides; a refusal is silent, nothing depends on it).
 */
export function useRememberInviter(): void {
  const { params } = useRouter();
  const { inviter, share, scene } = params;
  useEffect(() => {
    const inviterCode = noteShareLaunch({ inviter, share, scene });
    if (inviterCode && isLoggedIn()) bindReferrer(inviterCode).catch(() => undefined);
  }, [inviter, share, scene]);
}
