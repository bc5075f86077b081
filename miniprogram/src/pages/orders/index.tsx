import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { AftersaleView, OrderView } from '@mall/shared';
import { listMyAftersales } from '../../api/aftersales';
import { listMyOrders } from '../../api/orders';
import { messageOf } from '../../api/client';
import { AFTERSALE_DETAIL_PAGE, AftersaleCard } from '../../components/aftersale-card';
import { LoginPrompt } from '../../components/login-prompt';
import { OrderCard } from '../../components/order-card';
import { useOrderActions } from '../../hooks/use-order-actions';
import { mergeNewestFirst, ORDER_TABS, type OrderTab } from '../../lib/order-actions';
import { isLoggedIn } from '../../stores/session';
import './index.css';

const PAGE_SIZE = 50;

type Shown = { kind: 'orders'; items: OrderView[] } | { kind: 'aftersales'; items: AftersaleView[] };

async function fetchTab(tab: OrderTab): Promise<Shown> {
  if (tab === 'aftersales') {
    return { kind: 'aftersales', items: (await listMyAftersales({ page: 1, pageSize: PAGE_SIZE })).items };
  }
  const statuses = ORDER_TABS.find((t) => t.tab === tab)?.statuses;
  if (!statuses) return { kind: 'orders', items: (await listMyOrders({ page: 1, pageSize: PAGE_SIZE })).items };
  const pages = await Promise.all(statuses.map((status) => listMyOrders({ page: 1, pageSize: PAGE_SIZE, status })));
  return { kind: 'orders', items: mergeNewestFirst(pages.map((p) => p.items)) };
}

export default function OrdersPage() {
  const [hasSession, setHasSession] = useState(isLoggedIn);
  const [tab, setTab] = useState<OrderTab>('all');
  const [shown, setShown] = useState<Shown | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(async (which: OrderTab) => {
    if (!isLoggedIn()) return setHasSession(false);
    setHasSession(true);
    try {
      setShown(await fetchTab(which));
      setError('');
    } catch (err) {
      setError(messageOf(err));
      setHasSession(isLoggedIn());
    }
  }, []);

  // an order that changed may leave the tab (paid, cancelled, received): list the tab again
  const { act, cashier } = useOrderActions(() => void load(tab));

  useDidShow(() => void load(tab));
  usePullDownRefresh(() => void load(tab).finally(() => Taro.stopPullDownRefresh()));

  const choose = (next: OrderTab) => {
    setTab(next);
    setShown(null);
    void load(next);
  };

  if (!hasSession) return <LoginPrompt hint="登录后查看订单" onLoggedIn={() => void load(tab)} />;

  return (
    <View className="page orders">
      <View className="orders__filters">
        {ORDER_TABS.map((t) => (
          <Text
            key={t.tab}
            className={`orders__filter e2e-order-filter e2e-order-tab-${t.tab} ${t.tab === tab ? 'is-active' : ''}`}
            onClick={() => choose(t.tab)}
          >
            {t.label}
          </Text>
        ))}
      </View>
      {error && <View className="placeholder">{error}</View>}
      {!error && shown === null && <View className="placeholder">加载中…</View>}
      {shown?.items.length === 0 && (
        <View className="placeholder e2e-orders-empty">{shown.kind === 'aftersales' ? '暂无售后' : '暂无订单'}</View>
      )}
      {shown?.kind === 'orders' &&
        shown.items.map((order) => (
          <OrderCard
            key={order.orderNo}
            order={order}
            onOpen={() => void Taro.navigateTo({ url: `/pages/order-detail/index?orderNo=${order.orderNo}` })}
            onAction={(action) => void act(order, action)}
          />
        ))}
      {shown?.kind === 'aftersales' &&
        shown.items.map((request) => (
          <AftersaleCard
            key={request.aftersaleNo}
            request={request}
            onOpen={() => void Taro.navigateTo({ url: `${AFTERSALE_DETAIL_PAGE}?aftersaleNo=${request.aftersaleNo}` })}
          />
        ))}
      {cashier}
    </View>
  );
}
