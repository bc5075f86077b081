import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import type { CouponRuleView } from '@mall/shared';
import { formatYuan } from '@mall/shared';
import './coupon-card.css';

/** The big figure on the left of a coupon: "¥20" or "8.5折". */
function faceOf(rule: CouponRuleView): string {
  if (rule.kind === 'amount') return formatYuan(rule.amountOffFen ?? 0).replace(/\.00$/, '');
  return `${Number(((10_000 - (rule.percentOffBps ?? 0)) / 1_000).toFixed(2))}折`;
}

/** One coupon as a ticket: its face value, name, rule, a line below, and an action on the right. */
export function CouponCard(props: {
  name: string;
  rule: CouponRuleView;
  note: string;
  isDimmed?: boolean;
  action?: ReactNode;
}) {
  return (
    <View className={`coupon-card e2e-coupon-card${props.isDimmed ? ' is-dimmed' : ''}`}>
      <View className="coupon-card__face">
        <Text className="coupon-card__value">{faceOf(props.rule)}</Text>
        <Text className="coupon-card__threshold">
          {props.rule.thresholdFen > 0 ? `满${formatYuan(props.rule.thresholdFen).replace(/\.00$/, '')}可用` : '无门槛'}
        </Text>
      </View>
      <View className="coupon-card__body">
        <Text className="coupon-card__name">{props.name}</Text>
        <Text className="muted">{props.rule.label}</Text>
        <Text className="muted coupon-card__note">{props.note}</Text>
      </View>
      {props.action && <View className="coupon-card__action">{props.action}</View>}
    </View>
  );
}
