import { fn, col, Op } from 'sequelize';
import type { ShippingReminderView } from '@mall/shared';
import { forUpdate, withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { DomainError, NotFoundError } from '../../platform/errors';
import { Order } from './order.model';
import { OrderShippingReminder } from './shipping-reminder.model';

const HOUR_MS = 3_600_000;

/**
 * 提醒发货: the member nudges the shop about a paid order not shipped yet (partly shipped counts: it is still 待发货).
 * Once per `shippingReminderHours` per order: a tap within the window is answered with the reminder that stands
 * (reminded false), so a double tap or a retried request records nothing new. The order is locked, so two taps at
 * once record one reminder. Another member's order is not found.
 */
export async function remindShipping(
  deps: Pick<PlatformDeps, 'sequelize' | 'config'>,
  memberId: number,
  orderNo: string,
  now = new Date(),
): Promise<ShippingReminderView> {
  return withTx(deps.sequelize, async (tx) => {
    const order = await Order.findOne({ where: { orderNo, memberId }, ...forUpdate(tx) });
    if (!order) throw new NotFoundError('This order', 'orderNo');
    if (order.status !== 'paid') {
      throw new DomainError(
        'ORDER_NOT_AWAITING_SHIPMENT',
        `This order is ${order.status}; only a paid order waiting to ship can be reminded`,
        409,
        'orderNo',
      );
    }
    const windowMs = deps.config.orders.shippingReminderHours * HOUR_MS;
    const last = await OrderShippingReminder.findOne({
      where: { orderId: order.id },
      order: [['id', 'DESC']],
      transaction: tx,
    });
    const isRepeat = last !== null && now.getTime() - last.createdAt.getTime() < windowMs;
    const standing = isRepeat
      ? last
      : await OrderShippingReminder.create({ orderId: order.id, memberId, createdAt: now }, { transaction: tx });
    const count = await OrderShippingReminder.count({ where: { orderId: order.id }, transaction: tx });
    return {
      orderNo,
      reminded: !isRepeat,
      remindedAt: standing.createdAt.toISOString(),
      nextAllowedAt: new Date(standing.createdAt.getTime() + windowMs).toISOString(),
      reminderCount: count,
    };
  });
}

/** Reminder count and latest time per order (admin rows). */
export async function remindersOf(orderIds: number[]): Promise<Map<number, { count: number; lastAt: Date }>> {
  if (!orderIds.length) return new Map();
  const rows = (await OrderShippingReminder.findAll({
    where: { orderId: { [Op.in]: orderIds } },
    attributes: ['orderId', [fn('COUNT', col('id')), 'count'], [fn('MAX', col('created_at')), 'lastAt']],
    group: ['orderId'],
    raw: true,
  })) as unknown as { orderId: number; count: number | string; lastAt: Date | string }[];
  return new Map(rows.map((r) => [r.orderId, { count: Number(r.count), lastAt: new Date(r.lastAt) }]));
}

/** Every reminder of one order, oldest first (admin detail). */
export async function remindersOfOrder(orderId: number): Promise<Date[]> {
  const rows = await OrderShippingReminder.findAll({ where: { orderId }, order: [['id', 'ASC']] });
  return rows.map((r) => r.createdAt);
}
