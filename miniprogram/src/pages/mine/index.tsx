import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { Button } from '../../components/nutui';
import type { MemberView } from '@mall/shared';
import { getMe } from '../../api/auth';
import { assetUrl } from '../../api/base';
import { LoginPrompt } from '../../components/login-prompt';
import { SharingEntries } from '../../components/sharing-entries';
import { useRememberInviter } from '../../hooks/use-remember-inviter';
import { clearSession, getMember, isLoggedIn, saveMember } from '../../stores/session';
import './index.css';

const PROFILE_PAGE = '/subpackages/member/pages/profile/index';
const ADDRESSES_PAGE = '/subpackages/member/pages/addresses/index';
const AFTERSALES_PAGE = '/subpackages/aftersales/pages/list/index';
const DISTRIBUTION_PAGE = '/subpackages/distribution/pages/center/index';
const BENEFITS = {
  level: '/subpackages/benefits/pages/level/index',
  points: '/subpackages/benefits/pages/points/index',
};
const COUPONS = {
  mine: '/subpackages/coupons/pages/mine/index',
  center: '/subpackages/coupons/pages/center/index',
};

export default function MinePage() {
  useRememberInviter();
  const [member, setMember] = useState<MemberView | null>(() => (isLoggedIn() ? getMember() : null));

  useDidShow(() => {
    if (!isLoggedIn()) return setMember(null);
    getMe()
      .then((me) => {
        saveMember(me);
        setMember(me);
      })
      .catch(() => setMember(isLoggedIn() ? getMember() : null));
  });

  const logout = async () => {
    const { confirm } = await Taro.showModal({ title: '退出登录', content: '确定退出当前账号吗？' });
    if (!confirm) return;
    clearSession();
    setMember(null);
  };

  if (!member) return <LoginPrompt hint="登录后享受会员权益" onLoggedIn={setMember} />;

  return (
    <View className="page mine">
      <View className="mine__header">
        {member.avatarUrl ? (
          <Image className="mine__avatar" src={assetUrl(member.avatarUrl)} />
        ) : (
          <View className="mine__avatar mine__avatar--text">{member.nickname.slice(0, 1)}</View>
        )}
        <View className="mine__who">
          <Text className="mine__nickname e2e-member-nickname">{member.nickname}</Text>
          <Text className="mine__level">{member.levelName}</Text>
        </View>
      </View>
      <View className="card">
        <View className="row">
          <Text>我的邀请码</Text>
          <Text className="mine__code e2e-invite-code">{member.inviteCode}</Text>
        </View>
        <View className="muted mine__code-hint">好友通过你分享的商品链接注册，即与你绑定</View>
      </View>
      <View className="card row" onClick={() => void Taro.switchTab({ url: '/pages/orders/index' })}>
        <Text>我的订单</Text>
        <Text className="muted">查看全部 ›</Text>
      </View>
      <View className="card row e2e-mine-aftersales" onClick={() => void Taro.navigateTo({ url: AFTERSALES_PAGE })}>
        <Text>我的售后</Text>
        <Text className="muted">退款、退货、换货 ›</Text>
      </View>
      <View className="card">
        <View className="row mine__entry e2e-mine-level" onClick={() => void Taro.navigateTo({ url: BENEFITS.level })}>
          <Text>会员等级</Text>
          <Text className="muted">{member.levelName} ›</Text>
        </View>
        <View
          className="row mine__entry e2e-mine-points"
          onClick={() => void Taro.navigateTo({ url: BENEFITS.points })}
        >
          <Text>我的积分</Text>
          <Text className="muted">明细与签到 ›</Text>
        </View>
      </View>
      <View className="card">
        <View className="row mine__entry e2e-mine-coupons" onClick={() => void Taro.navigateTo({ url: COUPONS.mine })}>
          <Text>我的优惠券</Text>
          <Text className="muted">可使用、已使用、已过期 ›</Text>
        </View>
        <View
          className="row mine__entry e2e-mine-coupon-center"
          onClick={() => void Taro.navigateTo({ url: COUPONS.center })}
        >
          <Text>领券中心</Text>
          <Text className="muted">好券限量领 ›</Text>
        </View>
        <View
          className="row mine__entry e2e-mine-groups"
          onClick={() => void Taro.navigateTo({ url: '/subpackages/groupbuy/pages/mine/index' })}
        >
          <Text>我的拼团</Text>
          <Text className="muted">进度与邀请 ›</Text>
        </View>
      </View>
      <View className="card row e2e-mine-distribution" onClick={() => void Taro.navigateTo({ url: DISTRIBUTION_PAGE })}>
        <Text>分销中心</Text>
        <Text className="muted">佣金与结算 ›</Text>
      </View>
      <View
        className="card row e2e-my-team"
        onClick={() => void Taro.navigateTo({ url: '/subpackages/team/pages/team/index' })}
      >
        <Text>我的团队</Text>
        <Text className="muted">直属与二级成员 ›</Text>
      </View>
      <View className="card">
        <View className="row mine__entry e2e-mine-profile" onClick={() => void Taro.navigateTo({ url: PROFILE_PAGE })}>
          <Text>个人资料</Text>
          <Text className="muted">手机号、实名 ›</Text>
        </View>
        <View
          className="row mine__entry e2e-mine-addresses"
          onClick={() => void Taro.navigateTo({ url: ADDRESSES_PAGE })}
        >
          <Text>收货地址</Text>
          <Text className="muted">管理 ›</Text>
        </View>
      </View>
      <SharingEntries />
      <View className="mine__logout">
        <Button block className="e2e-logout" onClick={() => void logout()}>
          退出登录
        </Button>
      </View>
    </View>
  );
}
