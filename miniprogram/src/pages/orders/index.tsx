import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { OrderStatus, OrderView } from '@mall/shared';
import { listMyOrders } from '../../api/orders';
import { messageOf } from '../../api/client';
import { LoginPrompt } from '../../components/login-prompt';
import { OrderCard } from '../../components/order-card';
import { useOrderActions } from '../../hooks/use-order-actions';
import { isLoggedIn } from '../../stores/session';
import './index.css';

const FILTERS: { label: string; status?: OrderStatus }[] = [
  { label: '全部' },
  { label: '待付款', status: 'pending_payment' },
  { label: '待发货', status: 'paid' },
  { label: '待收货', status: 'shipped' },
  { label: '已完成', status: 'completed' },
];

export default function OrdersPage() {
  const [hasSession, setHasSession] = useState(isLoggedIn);
  const [filter, setFilter] = useState<OrderStatus | undefined>(undefined);
  const [orders, setOrders] = useState<OrderView[] | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(async (status: OrderStatus | undefined) => {
    if (!isLoggedIn()) return setHasSession(false);
    setHasSession(true);
    try {
      const page = await listMyOrders({ page: 1, pageSize: 50, status });
      setOrders(page.items);
      setError('');
    } catch (err) {
      setError(messageOf(err));
      setHasSession(isLoggedIn());
    }
  }, []);

  const replace = (changed: OrderView) =>
    setOrders((list) => list?.map((o) => (o.orderNo === changed.orderNo ? changed : o)) ?? null);
  const { cancel, payNow, cashier } = useOrderActions(replace);

  useDidShow(() => void load(filter));
  usePullDownRefresh(() => void load(filter).finally(() => Taro.stopPullDownRefresh()));

  const choose = (status: OrderStatus | undefined) => {
    setFilter(status);
    setOrders(null);
    void load(status);
  };

  if (!hasSession) return <LoginPrompt hint="登录后查看订单" onLoggedIn={() => void load(filter)} />;

  return (
    <View className="page orders">
      <View className="orders__filters">
        {FILTERS.map((f) => (
          <Text
            key={f.label}
            className={`orders__filter e2e-order-filter ${f.status === filter ? 'is-active' : ''}`}
            onClick={() => choose(f.status)}
          >
            {f.label}
          </Text>
        ))}
      </View>
      {error && <View className="placeholder">{error}</View>}
      {!error && orders === null && <View className="placeholder">加载中…</View>}
      {orders?.length === 0 && <View className="placeholder e2e-orders-empty">暂无订单</View>}
      {orders?.map((order) => (
        <OrderCard
          key={order.orderNo}
          order={order}
          onOpen={() => void Taro.navigateTo({ url: `/pages/order-detail/index?orderNo=${order.orderNo}` })}
          onCancel={() => void cancel(order.orderNo)}
          onPay={() => void payNow(order)}
        />
      ))}
      {cashier}
    </View>
  );
}
