import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { MEMBER_COUPON_STATUS_LABELS, MEMBER_COUPON_STATUSES, type MemberCouponStatus } from '@mall/shared';
import type { ResponseOf, listMyCoupons as mineRouteContract } from '@mall/shared';
import { Button } from '../../../../components/nutui';
import { listMyCoupons } from '../../../../api/coupons';
import { messageOf } from '../../../../api/client';
import { LoginPrompt } from '../../../../components/login-prompt';
import { withH5Header } from '../../../../components/h5-header';
import { formatLocal } from '../../../../lib/time';
import { isLoggedIn } from '../../../../stores/session';
import { CouponCard } from '../../coupon-card';
import './index.css';

type Mine = ResponseOf<typeof mineRouteContract>;

/** 我的优惠券: 可使用 / 已使用 / 已过期, each with its count; a usable one leads to shopping. */
function MyCouponsPage() {
  const [hasSession, setHasSession] = useState(isLoggedIn);
  const [status, setStatus] = useState<MemberCouponStatus>('available');
  const [mine, setMine] = useState<Mine | null>(null);
  const [error, setError] = useState('');

  const load = async (of: MemberCouponStatus) => {
    if (!isLoggedIn()) return setHasSession(false);
    setHasSession(true);
    try {
      setMine(await listMyCoupons(of));
      setError('');
    } catch (err) {
      setError(messageOf(err));
    }
  };
  useDidShow(() => void load(status));
  const choose = (of: MemberCouponStatus) => {
    setStatus(of);
    setMine(null);
    void load(of);
  };

  if (!hasSession) return <LoginPrompt hint="登录后查看优惠券" onLoggedIn={() => void load(status)} />;
  return (
    <View className="page my-coupons">
      <View className="my-coupons__tabs">
        {MEMBER_COUPON_STATUSES.map((s) => (
          <Text
            key={s}
            className={`my-coupons__tab e2e-coupon-tab-${s}${s === status ? ' is-active' : ''}`}
            onClick={() => choose(s)}
          >
            {MEMBER_COUPON_STATUS_LABELS[s]}
            {mine ? `(${mine.counts[s]})` : ''}
          </Text>
        ))}
      </View>
      {error && <View className="placeholder">{error}</View>}
      {!error && !mine && <View className="placeholder">加载中…</View>}
      {mine?.items.length === 0 && <View className="placeholder e2e-coupons-empty">暂无优惠券</View>}
      {mine?.items.map((c) => (
        <CouponCard
          key={c.id}
          name={c.name}
          rule={c.rule}
          isDimmed={c.status !== 'available'}
          note={
            c.status === 'used'
              ? `已用于订单 ${c.usedOrderNo ?? ''}`
              : `${formatLocal(c.startsAt)} 至 ${formatLocal(c.expiresAt)}${c.stacksWithPromotions ? '' : ' · 不与其他优惠同享'}`
          }
          action={
            c.status === 'available' ? (
              <Button
                size="small"
                className="e2e-use-coupon"
                onClick={() => void Taro.switchTab({ url: '/pages/index/index' })}
              >
                去使用
              </Button>
            ) : undefined
          }
        />
      ))}
    </View>
  );
}

export default withH5Header('我的优惠券', MyCouponsPage);
