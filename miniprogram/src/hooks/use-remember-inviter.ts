import { useEffect } from 'react';
import { useRouter } from '@tarojs/taro';
import { bindReferrer } from '../api/team';
import { isLoggedIn, rememberInviter } from '../stores/session';

/**
 * Any page can be a share link's landing page: keep its ?inviter= for the next login, or, for a member already
 * logged in, ask the server to bind (the binding mode decides; a refusal is silent, nothing depends on it).
 */
export function useRememberInviter(): void {
  const { params } = useRouter();
  const inviter = params.inviter;
  useEffect(() => {
    rememberInviter(inviter);
    if (inviter && isLoggedIn()) bindReferrer(inviter).catch(() => undefined);
  }, [inviter]);
}
