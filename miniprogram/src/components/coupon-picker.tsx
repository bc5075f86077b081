import { ScrollView, Text, View } from '@tarojs/components';
import { formatYuan, type QuoteCouponsView } from '@mall/shared';
import { Popup } from './nutui';
import { formatLocal } from '../lib/time';
import './coupon-picker.css';

/**
 * 选择优惠券 at checkout: the usable coupons with what each saves here (best first, as the server ordered them),
 * "不使用优惠券", and the ones this order cannot take with the reason. One coupon per order.
 */
export function CouponPicker({
  coupons,
  onPick,
  onClose,
}: {
  coupons: QuoteCouponsView;
  onPick: (couponId: number | null) => void;
  onClose: () => void;
}) {
  return (
    <Popup visible position="bottom" round onClose={onClose} className="coupon-picker e2e-coupon-picker">
      <View className="coupon-picker__title">选择优惠券</View>
      <ScrollView scrollY className="coupon-picker__list">
        {coupons.usable.map((c) => (
          <View
            key={c.couponId}
            className={`coupon-picker__item e2e-coupon-option${c.couponId === coupons.appliedCouponId ? ' is-chosen' : ''}`}
            onClick={() => onPick(c.couponId)}
          >
            <View className="coupon-picker__saving">-{formatYuan(c.savingFen)}</View>
            <View className="coupon-picker__info">
              <Text>{c.name}</Text>
              <Text className="muted">
                {c.label} · {formatLocal(c.expiresAt)} 到期
              </Text>
            </View>
            {c.couponId === coupons.bestCouponId && <Text className="coupon-picker__best">最优</Text>}
          </View>
        ))}
        <View className="coupon-picker__item e2e-coupon-none" onClick={() => onPick(null)}>
          <Text>不使用优惠券</Text>
        </View>
        {coupons.unusable.length > 0 && <View className="muted coupon-picker__group">不可用</View>}
        {coupons.unusable.map((c) => (
          <View key={c.couponId} className="coupon-picker__item is-disabled">
            <View className="coupon-picker__info">
              <Text>{c.name}</Text>
              <Text className="muted">
                {c.label} · {c.reason}
              </Text>
            </View>
          </View>
        ))}
      </ScrollView>
    </Popup>
  );
}
