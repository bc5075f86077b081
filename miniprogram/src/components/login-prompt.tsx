import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from './nutui';
import type { MemberView } from '@mall/shared';
import { messageOf } from '../api/client';
import { login } from '../stores/login';

interface Props {
  hint: string;
  onLoggedIn: (member: MemberView) => void;
}

/** The logged-out state of a page: one button that logs in (wx.login in weapp, the sandbox in H5). */
export function LoginPrompt({ hint, onLoggedIn }: Props) {
  const [isBusy, setBusy] = useState(false);
  const doLogin = async () => {
    setBusy(true);
    try {
      onLoggedIn(await login());
    } catch (err) {
      void Taro.showToast({ title: messageOf(err), icon: 'none' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="placeholder">
      <Text className="login-prompt__hint">{hint}</Text>
      <View style={{ marginTop: '24px' }}>
        <Button type="primary" className="e2e-login" loading={isBusy} disabled={isBusy} onClick={() => void doLogin()}>
          微信一键登录
        </Button>
      </View>
    </View>
  );
}
