import { AFTERSALE_OPEN_STATUSES, type AftersaleView, type OrderStatus, type OrderView } from '@mall/shared';

/** What a member can do with an order, in the order the buttons show (the main action last, on the right). */
export type OrderAction = 'cancel' | 'pay' | 'remind' | 'confirm_receipt' | 'apply_aftersale';

/**
 * The actions per order status. After-sales follows the server's rule (flows/aftersales.ts): paid, shipped or
 * received orders only, and a paid one (nothing shipped) for a refund only; completed orders are past the window.
 */
const ACTIONS: Record<OrderStatus, readonly OrderAction[]> = {
  pending_payment: ['cancel', 'pay'],
  paid: ['apply_aftersale', 'remind'],
  shipped: ['apply_aftersale', 'confirm_receipt'],
  received: ['apply_aftersale'],
  completed: [],
  cancelled: [],
  refunding: [],
  refunded: [],
};

export const orderActions = (status: OrderStatus): readonly OrderAction[] => ACTIONS[status];

/** Only a refund can be asked for before anything has shipped. */
export const canOnlyRefund = (status: OrderStatus) => status === 'paid';

export type OrderTab = 'all' | 'pending_payment' | 'paid' | 'shipped' | 'done' | 'aftersales';

/**
 * The tabs of the orders page and the statuses each lists. 已完成 lists received orders too: confirming receipt
 * should not make an order vanish from every tab but 全部 until the after-sales window closes.
 */
export const ORDER_TABS: readonly { tab: OrderTab; label: string; statuses?: readonly OrderStatus[] }[] = [
  { tab: 'all', label: '全部' },
  { tab: 'pending_payment', label: '待付款', statuses: ['pending_payment'] },
  { tab: 'paid', label: '待发货', statuses: ['paid'] },
  { tab: 'shipped', label: '待收货', statuses: ['shipped'] },
  { tab: 'done', label: '已完成', statuses: ['received', 'completed'] },
  { tab: 'aftersales', label: '售后' },
];

/** Orders from several lists, newest first, each once. */
export function mergeNewestFirst(lists: readonly (readonly OrderView[])[]): OrderView[] {
  const byNo = new Map<string, OrderView>();
  for (const list of lists) for (const order of list) byNo.set(order.orderNo, order);
  return [...byNo.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** How many units of each line (by SKU) can still be asked for: the line's quantity less open requests'. */
export function remainingBySku(order: OrderView, requests: readonly AftersaleView[]): Map<number, number> {
  const open = new Set<string>(AFTERSALE_OPEN_STATUSES);
  const left = new Map(order.lines.map((line) => [line.skuId, line.quantity]));
  for (const r of requests) {
    if (r.orderNo !== order.orderNo || !open.has(r.status) || !left.has(r.skuId)) continue;
    left.set(r.skuId, Math.max(0, (left.get(r.skuId) ?? 0) - r.quantity));
  }
  return left;
}
