import { Image, Text, View } from '@tarojs/components';
import { Button } from './nutui';
import { formatYuan, ORDER_STATUS_LABELS, type OrderView } from '@mall/shared';
import { assetUrl } from '../api/base';
import { describeSpecs } from '../lib/sku';
import './order-card.css';

interface Props {
  order: OrderView;
  onOpen?: () => void;
  onCancel: () => void;
  onPay: () => void;
}

/** One order: its lines, status and total, and what can be done with it now. */
export function OrderCard({ order, onOpen, onCancel, onPay }: Props) {
  const isUnpaid = order.status === 'pending_payment';
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
          </View>
        </View>
      ))}
      <View className="order-card__total">
        共 {count} 件，{isUnpaid ? '应付' : '实付'}{' '}
        <Text className="price e2e-order-amount">{formatYuan(isUnpaid ? order.payableFen : order.paidFen)}</Text>
      </View>
      {isUnpaid && (
        <View className="order-card__actions" onClick={(e) => e.stopPropagation()}>
          <Button size="small" className="e2e-cancel-order" onClick={onCancel}>
            取消订单
          </Button>
          <Button size="small" type="primary" className="e2e-pay-order" onClick={onPay}>
            去支付
          </Button>
        </View>
      )}
    </View>
  );
}
