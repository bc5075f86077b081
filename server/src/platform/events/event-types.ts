import type { OrderStatus } from '@mall/shared';

/**
 * Every domain event of the system, by name, with its payload: `events.record` and `events.subscribe` check
 * both against this map, so a renamed event or a changed payload fails to compile at every publisher and
 * listener. Payloads are JSON (they are stored in the outbox as text): numbers, strings, booleans, null,
 * arrays and plain objects only, never Date or BigInt.
 */
export interface DomainEventMap extends OrderEvents {
  'member.joined': MemberJoined;
  'member.referrer_changed': MemberReferrerChanged;
  'member.level_changed': MemberLevelChanged;
  'inventory.low_stock': LowStockRaised;
  'order.refund_applied': OrderRefundApplied;
}

/** `order.<status>`: one name per order status, all with the same payload. */
export type OrderEvents = { [S in OrderStatus as `order.${S}`]: OrderStatusChanged };

export type DomainEventName = keyof DomainEventMap & string;

/** Payload of `order.<status>` events, published by every order transition. */
export interface OrderStatusChanged {
  orderId: number;
  orderNo: string;
  memberId: number;
  from: string;
  to: string;
  payableFen: number;
  paidFen: number;
  /** When the money arrived (ISO), null until paid. */
  paidAt: string | null;
  /** What has gone back to the buyer so far (the order's refund ledger); each refund is announced on its own. */
  refundedFen: number;
  /** Each line as placed; `paidFen` is the line's share of what was paid (0 until paid). */
  lines: OrderLinePaid[];
  /** The buyer's referrers nearest first (at most 2), frozen when the order was placed. */
  referrerChain: number[];
}

/** One line of an order as listeners need it. */
export interface OrderLinePaid {
  orderLineId: number;
  skuId: number;
  productId: number;
  quantity: number;
  unitPriceFen: number;
  paidFen: number;
}

/** `member.joined`: a member was created (first login), with the referrer bound at that moment, if any. */
export interface MemberJoined {
  memberId: number;
  referrerId: number | null;
  /** The code the new member arrived with (share card, mini-program code scene or H5 link). */
  inviterCode: string | null;
}

/** `member.referrer_changed`: a binding was made or changed after registration (first touch, override, admin). */
export interface MemberReferrerChanged {
  memberId: number;
  fromReferrerId: number | null;
  toReferrerId: number;
  /** Who changed it: `member:<id>`, `admin:<username>`, `system`. */
  actor: string;
  reason: string;
}

/** Why a level changed; the loyalty module's level history stores the same values. */
export type LevelChangeCause = 'rule' | 'job' | 'admin';

/** `member.level_changed`, after commit: pricing caches, notices ("恭喜升级") and promotions may listen. */
export interface MemberLevelChanged {
  memberId: number;
  fromCode: string;
  toCode: string;
  cause: LevelChangeCause;
}

/** Payload of `inventory.low_stock`, published once per crossing of a SKU's threshold. */
export interface LowStockRaised {
  alertId: number;
  skuId: number;
  productId: number;
  threshold: number;
  stock: number;
}

/**
 * `order.refund_applied`: money went back for (part of) an order, keyed by the refund number. Listeners take back
 * exactly `refundFen` (per line in `lines`); `order.refunded` follows when the whole paid amount has gone back.
 */
export interface OrderRefundApplied {
  orderId: number;
  orderNo: string;
  memberId: number;
  refundNo: string;
  /** A number for the refund (its first ledger row): unique, for tables keyed by integers. */
  refundId: number;
  refundFen: number;
  orderPaidFen: number;
  /** Refunded on this order including this refund. */
  orderRefundedFen: number;
  fullyRefunded: boolean;
  paidAt: string | null;
  lines: { orderLineId: number; skuId: number; productId: number; quantity: number; refundFen: number }[];
  referrerChain: number[];
}

// ---- refunds (issue 10, pay slice) ----

/** Merged into the map above (declaration merging), so this block stays separate for the merge. */
export interface DomainEventMap {
  'refund.succeeded': RefundSucceeded;
  'refund.failed': RefundFailed;
}

/**
 * `refund.failed`: the platform closed or refused a refund (its amount may be refunded again, under a new business
 * key). Whoever asked for it decides what next (after-sales marks its request refund_failed).
 */
export interface RefundFailed {
  refundNo: string;
  businessKey: string;
  orderNo: string;
  status: string;
  error: string | null;
}

/**
 * `refund.succeeded`: money went back to the buyer (published by payments when the platform reports success).
 * `lines` may be empty for a whole-order refund (a late payment on a cancelled order): then refundFen is the whole.
 */
export interface RefundSucceeded {
  refundNo: string;
  orderNo: string;
  orderId: number;
  memberId: number;
  channel: string;
  refundFen: number;
  lines: { lineId: number; skuId: number; quantity: number; refundFen: number }[];
  reason: string;
  referrerChain: number[];
}

// ---- parcels (issue 10, rest: an exchange's replacement is tracked like any parcel) ----

export interface DomainEventMap {
  'shipment.delivered': ShipmentDelivered;
}

/** `shipment.delivered`: the carrier reports a parcel signed for (once per parcel). */
export interface ShipmentDelivered {
  shipmentId: number;
  orderNo: string;
  /** The exchange whose replacement this parcel carries; null for the order's own parcels. */
  aftersaleNo: string | null;
  deliveredAt: string;
}

// ---- group-buy (issue 12) ----

export interface DomainEventMap {
  'groupbuy.group_completed': GroupCompleted;
}

/**
 * `groupbuy.group_completed`: a group filled (or expired where the campaign lets fewer complete), once per group.
 * Its members' orders may ship from now on (fulfilment's warehouse hand-off listens, through a flow).
 */
export interface GroupCompleted {
  groupId: number;
  campaignId: number;
  /** The orders of the members who paid into the group. */
  orders: { orderId: number; orderNo: string; memberId: number }[];
  completedAt: string;
  /** true when the group expired short of its size and the campaign let it complete. */
  withFewer: boolean;
}
