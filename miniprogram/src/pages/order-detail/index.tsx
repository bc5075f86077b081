import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { formatYuan, type OrderLogisticsView, type OrderView } from '@mall/shared';
import { getMyOrder, getOrderLogistics } from '../../api/orders';
import { messageOf } from '../../api/client';
import { LogisticsCard } from '../../components/logistics-card';
import { OrderCard } from '../../components/order-card';
import { useOrderActions } from '../../hooks/use-order-actions';
import { withH5Header } from '../../components/h5-header';
import './index.css';

const AFTERSALES_PAGE = '/subpackages/aftersales/pages/list/index';

/** Only a paid order can have after-sales requests. */
const hasAftersales = (order: OrderView) => order.status !== 'pending_payment' && order.status !== 'cancelled';

/** Parcels exist only once a paid order starts shipping (a partly shipped order is still `paid`). */
const mayHaveParcels = (order: OrderView) => order.status !== 'pending_payment' && order.status !== 'cancelled';

function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function OrderDetailPage() {
  const { params } = useRouter();
  const orderNo = params.orderNo ?? '';
  const [order, setOrder] = useState<OrderView | null>(null);
  const [logistics, setLogistics] = useState<OrderLogisticsView | null>(null);
  const [error, setError] = useState('');
  const { act, applyForLine, cashier } = useOrderActions(setOrder);

  useDidShow(() => {
    getMyOrder(orderNo)
      .then((found) => {
        setOrder(found);
        if (!mayHaveParcels(found)) return;
        // The timeline is extra: the order page stands without it.
        getOrderLogistics(orderNo)
          .then(setLogistics)
          .catch(() => setLogistics(null));
      })
      .catch((err: unknown) => setError(messageOf(err)));
  });

  if (!order) return <View className="placeholder">{error || '加载中…'}</View>;
  const { address } = order;

  return (
    <View className="page order-detail e2e-order-detail">
      <View className="card">
        <View className="card-title">收货信息</View>
        <View>
          {address.receiverName} {address.phone}
        </View>
        <View className="muted">
          {address.region} {address.detail}
        </View>
      </View>
      {logistics && <LogisticsCard logistics={logistics} />}
      <OrderCard
        order={order}
        onAction={(action) => void act(order, action)}
        onApplyForLine={(skuId) => applyForLine(order, skuId)}
      />
      {hasAftersales(order) && (
        <View
          className="card row e2e-order-aftersales"
          onClick={() => void Taro.navigateTo({ url: `${AFTERSALES_PAGE}?orderNo=${order.orderNo}` })}
        >
          <Text>本单售后</Text>
          <Text className="muted">查看进度 ›</Text>
        </View>
      )}
      <View className="card">
        <View className="row">
          <Text className="muted">商品金额</Text>
          <Text>{formatYuan(order.itemsFen)}</Text>
        </View>
        <View className="row">
          <Text className="muted">运费</Text>
          <Text>{formatYuan(order.shippingFen)}</Text>
        </View>
        <View className="row">
          <Text className="muted">下单时间</Text>
          <Text>{formatTime(order.createdAt)}</Text>
        </View>
        <View className="row">
          <Text className="muted">支付时间</Text>
          <Text>{formatTime(order.paidAt)}</Text>
        </View>
        {order.status === 'pending_payment' && (
          <View className="row">
            <Text className="muted">支付截止</Text>
            <Text>{formatTime(order.expiresAt)}</Text>
          </View>
        )}
        {order.remark && (
          <View className="row">
            <Text className="muted">备注</Text>
            <Text>{order.remark}</Text>
          </View>
        )}
      </View>
      {cashier}
    </View>
  );
}

export default withH5Header('订单详情', OrderDetailPage);
