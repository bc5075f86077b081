import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import type { OrderView } from '@mall/shared';
import { cancelMyOrder, confirmOrderReceipt, remindShipping } from '../api/orders';
import { messageOf } from '../api/client';
import type { OrderAction } from '../lib/order-actions';
import { goAfterPayment, usePayment } from './use-payment';

export const APPLY_AFTERSALE_PAGE = '/subpackages/aftersales/pages/apply/index';

const toast = (title: string) => void Taro.showToast({ title, icon: 'none' });

/** The order actions of the order list and the order detail (lib/order-actions.ts says which show when). */
export function useOrderActions(onChanged: (order: OrderView) => void): {
  act: (order: OrderView, action: OrderAction) => Promise<void>;
  /** After-sales for one line (the detail page's per-line entry). */
  applyForLine: (order: OrderView, skuId: number) => void;
  cashier: ReactNode;
} {
  const { pay, cashier } = usePayment();

  const cancel = async (orderNo: string) => {
    const { confirm } = await Taro.showModal({ title: '取消订单', content: '确定取消这笔订单吗？' });
    if (!confirm) return;
    try {
      onChanged(await cancelMyOrder(orderNo));
      toast('订单已取消');
    } catch (err) {
      toast(messageOf(err));
    }
  };

  const payNow = async (order: OrderView) => {
    try {
      const outcome = await pay(order.orderNo, order.payableFen);
      if (outcome === 'submitted' || outcome === 'offline') goAfterPayment(order.orderNo, outcome);
    } catch (err) {
      toast(messageOf(err));
    }
  };

  const confirmReceipt = async (orderNo: string) => {
    const { confirm } = await Taro.showModal({ title: '确认收货', content: '确认已收到全部商品吗？' });
    if (!confirm) return;
    try {
      onChanged(await confirmOrderReceipt(orderNo));
      toast('已确认收货');
    } catch (err) {
      toast(messageOf(err));
    }
  };

  // 提醒发货: the server records it once a day per order; a repeat within the day is answered, not recorded again
  const remind = async (orderNo: string) => {
    try {
      const { reminded } = await remindShipping(orderNo);
      toast(reminded ? '已提醒商家尽快发货' : '今天已经提醒过了，商家会尽快发货');
    } catch (err) {
      toast(messageOf(err));
    }
  };

  const applyForLine = (order: OrderView, skuId?: number) =>
    void Taro.navigateTo({
      url: `${APPLY_AFTERSALE_PAGE}?orderNo=${order.orderNo}${skuId ? `&skuId=${skuId}` : ''}`,
    });

  const act = async (order: OrderView, action: OrderAction) => {
    switch (action) {
      case 'cancel':
        return cancel(order.orderNo);
      case 'pay':
        return payNow(order);
      case 'confirm_receipt':
        return confirmReceipt(order.orderNo);
      case 'remind':
        return remind(order.orderNo);
      case 'apply_aftersale':
        return applyForLine(order);
    }
  };

  return { act, applyForLine, cashier };
}
