import type { OrderRefundApplied, OrderStatusChanged } from '../../platform/events/domain-events';
import type { PlatformDeps } from '../../platform/deps';
import type { MemberJoined, MemberReferrerChanged } from '../members';
import { attributeNewMember, attributePaidOrder, attributeRefundedOrder } from './attribute';

/** New members and paid or refunded orders reach the promoters' figures through domain events (idempotent). */
export function registerSharingListeners(deps: PlatformDeps): void {
  deps.events.subscribe<MemberJoined>('member.joined', 'sharing:new-member', async ({ payload, occurredAt }) => {
    if (payload.referrerId) await attributeNewMember(deps, payload.memberId, payload.referrerId, occurredAt);
  });
  deps.events.subscribe<MemberReferrerChanged>(
    'member.referrer_changed',
    'sharing:rebound-member',
    async ({ payload, occurredAt }) => {
      await attributeNewMember(deps, payload.memberId, payload.toReferrerId, occurredAt);
    },
  );
  deps.events.subscribe<OrderStatusChanged>('order.paid', 'sharing:order-paid', async ({ payload, occurredAt }) => {
    await attributePaidOrder(deps, payload, occurredAt);
  });
  deps.events.subscribe<OrderStatusChanged>(
    'order.refunded',
    'sharing:order-refunded',
    async ({ payload, occurredAt }) => {
      // what its after-sales refunds (below) did not already take back; nothing when they took it all
      const left = payload.paidFen - payload.refundedFen;
      if (payload.refundedFen > 0 && left <= 0) return;
      await attributeRefundedOrder(deps, { orderId: payload.orderId, refundedFen: left, wholeOrder: true }, occurredAt);
    },
  );
  deps.events.subscribe<OrderRefundApplied>(
    'order.refund_applied',
    'sharing:refund-part',
    async ({ payload, occurredAt }) => {
      await attributeRefundedOrder(
        deps,
        {
          orderId: payload.orderId,
          refundedFen: payload.refundFen,
          refundKey: payload.refundNo,
          wholeOrder: payload.fullyRefunded,
        },
        occurredAt,
      );
    },
  );
}
