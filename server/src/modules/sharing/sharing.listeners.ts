import type { OrderStatusChanged } from '../../platform/events/domain-events';
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
      // a refunded order is refunded in full (partial refunds are after-sales lines, a later issue)
      await attributeRefundedOrder(deps, { orderId: payload.orderId, refundedFen: payload.paidFen }, occurredAt);
    },
  );
}
