import { Image, Text, View } from '@tarojs/components';
import { Button } from './nutui';
import { formatYuan, ORDER_STATUS_LABELS, type OrderView } from '@mall/shared';
import { assetUrl } from '../api/base';
import { orderActions, type OrderAction } from '../lib/order-actions';
import { describeSpecs } from '../lib/sku';
import './order-card.css';

/** Each action's button; the e2e-* class is the browser tests' handle. */
const BUTTONS: Record<OrderAction, { label: string; hook: string; isMain?: boolean }> = {
  cancel: { label: '取消订单', hook: 'e2e-cancel-order' },
  pay: { label: '去支付', hook: 'e2e-pay-order', isMain: true },
  remind: { label: '提醒发货', hook: 'e2e-remind-order' },
  confirm_receipt: { label: '确认收货', hook: 'e2e-confirm-receipt', isMain: true },
  apply_aftersale: { label: '申请售后', hook: 'e2e-apply-aftersale' },
};

interface Props {
  order: OrderView;
  onOpen?: () => void;
  onAction: (action: OrderAction) => void;
  /** Per-line after-sales entries (the order detail), instead of the order-level button. */
  onApplyForLine?: (skuId: number) => void;
}

/** One order: its lines, status and total, and what can be done with it now. */
export function OrderCard({ order, onOpen, onAction, onApplyForLine }: Props) {
  const isUnpaid = order.status === 'pending_payment';
  const actions = orderActions(order.status).filter((a) => !(onApplyForLine && a === 'apply_aftersale'));
  const canApplyForLine = !!onApplyForLine && orderActions(order.status).includes('apply_aftersale');
  const count = order.lines.reduce((n, l) => n + l.quantity, 0);
  return (
    <View className={`card order-card e2e-order-card e2e-order-${order.orderNo}`} onClick={onOpen}>
      <View className="row order-card__head">
        <Text className="muted">
          订单号 <Text className="e2e-order-no">{order.orderNo}</Text>
        </Text>
        <Text className={`order-card__status e2e-order-status is-${order.status}`}>
          {ORDER_STATUS_LABELS[order.status]}
        </Text>
      </View>
      {order.lines.map((line) => (
        <View key={line.skuId} className="order-line">
          <Image className="order-line__cover" src={assetUrl(line.coverUrl)} mode="aspectFill" />
          <View className="order-line__info">
            <Text className="order-line__name">{line.productName}</Text>
            <Text className="muted">{describeSpecs(line.specs)}</Text>
          </View>
          <View className="order-line__price">
            <Text>{formatYuan(line.unitPriceFen)}</Text>
            <Text className="muted">×{line.quantity}</Text>
            {canApplyForLine && (
              <Text
                className="order-line__aftersale e2e-apply-line-aftersale"
                onClick={(e) => {
                  e.stopPropagation();
                  onApplyForLine(line.skuId);
                }}
              >
                申请售后
              </Text>
            )}
          </View>
        </View>
      ))}
      <View className="order-card__total">
        共 {count} 件，{isUnpaid ? '应付' : '实付'}{' '}
        <Text className="price e2e-order-amount">{formatYuan(isUnpaid ? order.payableFen : order.paidFen)}</Text>
      </View>
      {actions.length > 0 && (
        <View className="order-card__actions" onClick={(e) => e.stopPropagation()}>
          {actions.map((action) => (
            <Button
              key={action}
              size="small"
              type={BUTTONS[action].isMain ? 'primary' : 'default'}
              className={BUTTONS[action].hook}
              onClick={() => onAction(action)}
            >
              {BUTTONS[action].label}
            </Button>
          ))}
        </View>
      )}
    </View>
  );
}
