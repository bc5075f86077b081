import { Text, View } from '@tarojs/components';
import { SHIPMENT_STATUS_LABELS, type OrderLogisticsView, type ShipmentView } from '@mall/shared';
import { formatLocal } from '../lib/time';
import './logistics-card.css';

function Parcel({ shipment, index, count }: { shipment: ShipmentView; index: number; count: number }) {
  const goods = shipment.lines.map((line) => `${line.productName} ×${line.quantity}`).join('，');
  return (
    <View className={`parcel e2e-parcel e2e-parcel-${shipment.status}`}>
      <View className="row">
        <Text className="parcel__title">
          {shipment.aftersaleNo ? '换货补发' : count > 1 ? `包裹 ${index + 1}` : '物流信息'}
        </Text>
        <Text className={`parcel__status is-${shipment.status} e2e-parcel-status`}>
          {SHIPMENT_STATUS_LABELS[shipment.status]}
        </Text>
      </View>
      <View className="muted">
        {shipment.carrierName} <Text className="e2e-parcel-tracking">{shipment.trackingNo}</Text>
      </View>
      {goods && <View className="muted parcel__goods">{goods}</View>}
      {shipment.timeline.length === 0 ? (
        <View className="muted parcel__empty">已发货（{formatLocal(shipment.shippedAt, true)}），等待快递揽收</View>
      ) : (
        <View className="timeline e2e-parcel-timeline">
          {/* The server sends newest first, as carriers show it. */}
          {shipment.timeline.map((event, i) => (
            <View key={`${event.time}-${i}`} className={`timeline__event${i === 0 ? ' is-latest' : ''}`}>
              <View className="timeline__dot" />
              <View className="timeline__body">
                <Text className="timeline__context">{event.context}</Text>
                <Text className="muted">
                  {formatLocal(event.time, true)}
                  {event.location ? ` · ${event.location}` : ''}
                </Text>
              </View>
            </View>
          ))}
        </View>
      )}
    </View>
  );
}

/** The order's parcels with their tracking timelines (nothing when nothing has shipped yet). */
export function LogisticsCard({ logistics }: { logistics: OrderLogisticsView }) {
  const { shipments } = logistics;
  if (shipments.length === 0) return null;
  return (
    <View className="card logistics e2e-logistics">
      {!logistics.fullyShipped && <View className="logistics__partial muted">部分商品已发货，其余商品待发货</View>}
      {shipments.map((shipment, i) => (
        <Parcel key={shipment.id} shipment={shipment} index={i} count={shipments.length} />
      ))}
    </View>
  );
}
