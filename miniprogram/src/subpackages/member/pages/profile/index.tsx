import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button as WxButton, Image, Text, View } from '@tarojs/components';
import { Button, Input } from '../../../../components/nutui';
import type { ProfileView, UpdateProfileBody } from '@mall/shared';
import { assetUrl } from '../../../../api/base';
import { messageOf } from '../../../../api/client';
import { bindPhone, getProfile, issueSandboxPhoneCode, updateProfile, uploadAvatar } from '../../../../api/profile';
import { ensureLoggedIn, sandboxOpenid } from '../../../../stores/login';
import { withH5Header } from '../../../../components/h5-header';
import '../../member.css';

const IS_H5 = process.env.TARO_ENV === 'h5';

/** Nickname, real name, ID number (set once, shown masked) and the phone bound through WeChat. */
function ProfilePage() {
  const [profile, setProfile] = useState<ProfileView | null>(null);
  const [nickname, setNickname] = useState('');
  const [realName, setRealName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [isSaving, setSaving] = useState(false);

  const show = (p: ProfileView) => {
    setProfile(p);
    setNickname(p.nickname);
    setRealName(p.realName ?? '');
    setIdNumber('');
  };

  useDidShow(() => {
    ensureLoggedIn()
      .then(() => getProfile())
      .then(show)
      .catch((err: unknown) => void Taro.showToast({ title: messageOf(err), icon: 'none' }));
  });

  if (!profile) return <View className="placeholder">加载中…</View>;

  const save = async () => {
    const change: UpdateProfileBody = {};
    if (nickname.trim() && nickname.trim() !== profile.nickname) change.nickname = nickname.trim();
    if (realName.trim() && realName.trim() !== (profile.realName ?? '')) change.realName = realName.trim();
    if (idNumber.trim()) change.idNumber = idNumber.trim();
    if (!Object.keys(change).length) return void Taro.showToast({ title: '没有修改', icon: 'none' });
    setSaving(true);
    try {
      show(await updateProfile(change));
      void Taro.showToast({ title: '已保存', icon: 'success' });
    } catch (err) {
      void Taro.showToast({ title: messageOf(err), icon: 'none' });
    } finally {
      setSaving(false);
    }
  };

  const changeAvatar = async (filePath: string) => {
    try {
      show(await uploadAvatar(filePath));
    } catch (err) {
      void Taro.showToast({ title: messageOf(err), icon: 'none' });
    }
  };

  const bind = async (code: string) => {
    try {
      show(await bindPhone(code));
      void Taro.showToast({ title: '手机号已绑定', icon: 'success' });
    } catch (err) {
      void Taro.showToast({ title: messageOf(err), icon: 'none' });
    }
  };

  return (
    <View className="page member-profile">
      <View className="card">
        <Row label="头像">
          <AvatarPicker url={profile.avatarUrl} onPicked={changeAvatar} />
        </Row>
        <Row label="昵称">
          <Input
            className="e2e-profile-nickname"
            maxLength={32}
            value={nickname}
            onChange={(v) => setNickname(String(v))}
          />
        </Row>
        <Row label="姓名">
          <Input
            className="e2e-profile-realname"
            maxLength={40}
            placeholder="真实姓名"
            value={realName}
            onChange={(v) => setRealName(String(v))}
          />
        </Row>
        <Row label="身份证号">
          {profile.idNumberMasked ? (
            <Text className="e2e-profile-id-masked">{profile.idNumberMasked}</Text>
          ) : (
            <Input
              className="e2e-profile-id"
              maxLength={18}
              placeholder="18 位身份证号"
              value={idNumber}
              onChange={(v) => setIdNumber(String(v))}
            />
          )}
        </Row>
        <Row label="注册时间">
          <Text>{profile.joinedAt.slice(0, 10)}</Text>
        </Row>
        <Row label="推荐人">
          <Text>{profile.referrer ? profile.referrer.nickname : '无'}</Text>
        </Row>
        <Row label="我的团队">
          <Text className="e2e-profile-team">
            直属 {profile.team.directCount} 人 · 团队 {profile.team.teamCount} 人
          </Text>
        </Row>
      </View>
      <View className="card">
        <Row label="手机号">
          <View className="phone-bind">
            <Text className="e2e-profile-phone">{profile.phoneMasked ?? '未绑定'}</Text>
            {IS_H5 ? (
              <SandboxPhoneButton onCode={bind} />
            ) : (
              <WechatPhoneButton onCode={bind} bound={Boolean(profile.phoneMasked)} />
            )}
          </View>
        </Row>
      </View>
      <View className="muted member-actions">身份证号只用于实名与开票，加密保存，设置后不可自行修改。</View>
      <View className="member-actions">
        <Button
          type="primary"
          block
          className="e2e-profile-save"
          loading={isSaving}
          disabled={isSaving}
          onClick={() => void save()}
        >
          保存
        </Button>
      </View>
    </View>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <View className="member-form__row">
      <Text className="member-form__label">{label}</Text>
      <View className="member-form__value">{children}</View>
    </View>
  );
}

/** weapp: WeChat's chooseAvatar button (头像昵称填写); H5: an image from the device. Both upload the file. */
function AvatarPicker({ url, onPicked }: { url: string | null; onPicked: (filePath: string) => Promise<void> }) {
  const face = url ? <Image className="member-avatar" src={assetUrl(url)} /> : <Text className="muted">设置头像</Text>;
  if (!IS_H5) {
    return (
      <WxButton
        className="member-avatar-button"
        openType="chooseAvatar"
        onChooseAvatar={(e) => void onPicked((e.detail as { avatarUrl: string }).avatarUrl)}
      >
        {face}
      </WxButton>
    );
  }
  const pick = async () => {
    const { tempFilePaths } = await Taro.chooseImage({ count: 1, sizeType: ['compressed'] });
    if (tempFilePaths[0]) await onPicked(tempFilePaths[0]);
  };
  return (
    <View className="e2e-profile-avatar" onClick={() => void pick().catch(() => undefined)}>
      {face}
    </View>
  );
}

/** WeChat's own button: the member consents in WeChat's sheet, and we receive a one-time code (never the number). */
function WechatPhoneButton({ onCode, bound }: { onCode: (code: string) => Promise<void>; bound: boolean }) {
  return (
    <WxButton
      size="mini"
      openType="getPhoneNumber"
      onGetPhoneNumber={(e) => {
        const code = (e.detail as { code?: string }).code;
        if (code) void onCode(code); // no code: the member declined
      }}
    >
      {bound ? '更换' : '绑定'}
    </WxButton>
  );
}

/** H5 has no getPhoneNumber: the sandbox issues the code WeChat would, for the number typed in. */
function SandboxPhoneButton({ onCode }: { onCode: (code: string) => Promise<void> }) {
  const [phone, setPhone] = useState('');
  const bind = async () => {
    if (!/^1\d{10}$/.test(phone)) return void Taro.showToast({ title: '请填写 11 位手机号', icon: 'none' });
    try {
      await onCode((await issueSandboxPhoneCode(phone, sandboxOpenid())).code);
      setPhone('');
    } catch (err) {
      void Taro.showToast({ title: messageOf(err), icon: 'none' });
    }
  };
  return (
    <>
      <Input
        className="phone-bind__input e2e-sandbox-phone"
        type="number"
        maxLength={11}
        placeholder="手机号（沙箱）"
        value={phone}
        onChange={(v) => setPhone(String(v))}
      />
      <Button size="small" className="e2e-bind-phone" onClick={() => void bind()}>
        绑定
      </Button>
    </>
  );
}

export default withH5Header('个人资料', ProfilePage);
