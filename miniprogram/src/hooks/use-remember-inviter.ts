import { useEffect } from 'react';
import { useRouter } from '@tarojs/taro';
import { rememberInviter } from '../stores/session';

/** Any page can be a share link's landing page: keep its ?inviter= for the next login. */
export function useRememberInviter(): void {
  const { params } = useRouter();
  const inviter = params.inviter;
  useEffect(() => rememberInviter(inviter), [inviter]);
}
