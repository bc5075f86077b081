import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import type { OrderView } from '@mall/shared';
import { cancelMyOrder } from '../api/orders';
import { messageOf } from '../api/client';
import { goAfterPayment, usePayment } from './use-payment';

/** Cancel and pay for an unpaid order, from the order list or the order detail. */
export function useOrderActions(onChanged: (order: OrderView) => void): {
  cancel: (orderNo: string) => Promise<void>;
  payNow: (order: OrderView) => Promise<void>;
  cashier: ReactNode;
} {
  const { pay, cashier } = usePayment();

  const cancel = async (orderNo: string) => {
    const { confirm } = await Taro.showModal({ title: '取消订单', content: '确定取消这笔订单吗？' });
    if (!confirm) return;
    try {
      onChanged(await cancelMyOrder(orderNo));
      void Taro.showToast({ title: '订单已取消', icon: 'none' });
    } catch (err) {
      void Taro.showToast({ title: messageOf(err), icon: 'none' });
    }
  };

  const payNow = async (order: OrderView) => {
    try {
      const outcome = await pay(order.orderNo, order.payableFen);
      if (outcome === 'submitted') goAfterPayment(order.orderNo, outcome);
    } catch (err) {
      void Taro.showToast({ title: messageOf(err), icon: 'none' });
    }
  };

  return { cancel, payNow, cashier };
}
