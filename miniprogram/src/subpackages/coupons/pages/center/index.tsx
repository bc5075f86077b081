import { useState } from 'react';
import Taro, { useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { ClaimableCouponView } from '@mall/shared';
import { Button } from '../../../../components/nutui';
import { claimCoupon, listClaimCenter } from '../../../../api/coupons';
import { messageOf } from '../../../../api/client';
import { LoginPrompt } from '../../../../components/login-prompt';
import { withH5Header } from '../../../../components/h5-header';
import { useRememberInviter } from '../../../../hooks/use-remember-inviter';
import { getMember, isLoggedIn } from '../../../../stores/session';
import { CouponCard } from '../../coupon-card';

const MY_COUPONS = '/subpackages/coupons/pages/mine/index';

/**
 * 领券中心. Opened from a distributor's shared card (?inviter=CODE), each claim names that distributor, who is
 * credited with it. Sharing the page carries the member's own code; it never unlocks anything for them.
 */
function CouponCenterPage() {
  useRememberInviter();
  const { params } = useRouter();
  const sharerCode = params.inviter && /^[A-Za-z0-9]{4,16}$/.test(params.inviter) ? params.inviter : undefined;
  const [hasSession, setHasSession] = useState(isLoggedIn);
  const [items, setItems] = useState<ClaimableCouponView[] | null>(null);
  const [error, setError] = useState('');
  const [claiming, setClaiming] = useState<number | null>(null);

  const load = async () => {
    if (!isLoggedIn()) return setHasSession(false);
    setHasSession(true);
    try {
      setItems((await listClaimCenter(sharerCode)).items);
      setError('');
    } catch (err) {
      setError(messageOf(err));
    }
  };
  useDidShow(() => void load());

  useShareAppMessage(() => {
    const member = isLoggedIn() ? getMember() : null;
    const query = member ? `?inviter=${member.inviteCode}` : '';
    return { title: '领券中心：好券限量领取', path: `/subpackages/coupons/pages/center/index${query}` };
  });

  const claim = async (item: ClaimableCouponView) => {
    setClaiming(item.templateId);
    try {
      await claimCoupon(item.templateId, sharerCode);
      void Taro.showToast({ title: '领取成功', icon: 'success' });
    } catch (err) {
      void Taro.showToast({ title: messageOf(err), icon: 'none' });
    } finally {
      setClaiming(null);
      await load();
    }
  };

  if (!hasSession) return <LoginPrompt hint="登录后领取优惠券" onLoggedIn={() => void load()} />;
  if (error) return <View className="placeholder">{error}</View>;
  if (!items) return <View className="placeholder">加载中…</View>;
  return (
    <View className="page coupon-center">
      <View className="row card" onClick={() => void Taro.navigateTo({ url: MY_COUPONS })}>
        <Text>我的优惠券</Text>
        <Text className="muted">查看 ›</Text>
      </View>
      {items.length === 0 && <View className="placeholder e2e-center-empty">暂无可领取的优惠券</View>}
      {items.map((item) => (
        <CouponCard
          key={item.templateId}
          name={item.name}
          rule={item.rule}
          note={`${item.validityLabel} · ${item.remaining > 0 ? `剩余${item.remaining}张` : '已领完'}`}
          isDimmed={!item.canClaim}
          action={
            <Button
              size="small"
              type="primary"
              className="e2e-claim-coupon"
              loading={claiming === item.templateId}
              disabled={!item.canClaim || claiming !== null}
              onClick={() => void claim(item)}
            >
              {item.canClaim ? '领取' : item.remaining > 0 ? '已领取' : '已领完'}
            </Button>
          }
        />
      ))}
    </View>
  );
}

export default withH5Header('领券中心', CouponCenterPage);
