import { Text, View } from '@tarojs/components';
import { AFTERSALE_KIND_LABELS, AFTERSALE_STATUS_LABELS, formatYuan, type AftersaleView } from '@mall/shared';
import './aftersale-card.css';

export const AFTERSALE_DETAIL_PAGE = '/subpackages/aftersales/pages/detail/index';

/** One after-sales request in a list: what, how many, where it stands. */
export function AftersaleCard({ request, onOpen }: { request: AftersaleView; onOpen: () => void }) {
  return (
    <View className={`card aftersale-card e2e-aftersale-card e2e-aftersale-${request.aftersaleNo}`} onClick={onOpen}>
      <View className="row aftersale-card__head">
        <Text className="muted">{AFTERSALE_KIND_LABELS[request.kind]}</Text>
        <Text className={`aftersale-card__status e2e-aftersale-status is-${request.status}`}>
          {AFTERSALE_STATUS_LABELS[request.status]}
        </Text>
      </View>
      <View className="row">
        <Text className="aftersale-card__name">{request.productName}</Text>
        <Text className="muted">×{request.quantity}</Text>
      </View>
      <View className="row">
        <Text className="muted">订单 {request.orderNo}</Text>
        {request.kind !== 'exchange' && (
          <Text>
            退款 <Text className="price">{formatYuan(request.refundFen)}</Text>
          </Text>
        )}
      </View>
    </View>
  );
}
