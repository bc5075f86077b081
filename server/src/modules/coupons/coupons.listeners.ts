import type { MemberLevelChanged, OrderStatusChanged } from '../../platform/events/domain-events';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import type { MemberJoined } from '../members';
import { giftTemplates } from './coupon-templates';
import { giveCoupon } from './issue-coupons';
import { recordCouponOrderPaid, returnOrderCoupon, returnRefundedOrderCoupon } from './member-coupons';

/**
 * Coupons follow members and orders through domain events, each listener idempotent by its business key:
 * - member.joined: the new-member gift (新人券), once per template and member (`joined`);
 * - member.level_changed: the coupons flagged for the level reached, once per template, member and level;
 * - order.paid: the paid amount of an order that used a coupon (GMV driven);
 * - order.cancelled: the coupon comes back (always); order.refunded: when its template says so.
 */
export function registerCouponListeners(deps: PlatformDeps): void {
  deps.events.subscribe<MemberJoined>('member.joined', 'coupons:new-member', async ({ payload }) => {
    for (const template of await giftTemplates({ newMember: true }))
      await giveCoupon(deps, template, payload.memberId, 'new_member', 'joined');
  });
  deps.events.subscribe<MemberLevelChanged>('member.level_changed', 'coupons:level-perk', async ({ payload }) => {
    for (const template of await giftTemplates({ levelCode: payload.toCode }))
      await giveCoupon(deps, template, payload.memberId, 'level_perk', `level:${payload.toCode}`);
  });
  deps.events.subscribe<OrderStatusChanged>('order.paid', 'coupons:order-paid', async ({ payload }) => {
    await withTx(deps.sequelize, (tx) => recordCouponOrderPaid(payload.orderNo, payload.paidFen, tx));
  });
  deps.events.subscribe<OrderStatusChanged>('order.cancelled', 'coupons:order-cancelled', async ({ payload }) => {
    const returned = await withTx(deps.sequelize, (tx) => returnOrderCoupon(payload.orderNo, tx));
    if (returned) deps.logger.info({ orderNo: payload.orderNo }, 'coupon returned on cancel');
  });
  deps.events.subscribe<OrderStatusChanged>('order.refunded', 'coupons:order-refunded', async ({ payload }) => {
    const returned = await withTx(deps.sequelize, (tx) => returnRefundedOrderCoupon(payload.orderNo, tx));
    if (returned) deps.logger.info({ orderNo: payload.orderNo }, 'coupon returned on refund');
  });
}
