import type { TransitionTable } from './transitions';

export const ORDER_STATUSES = [
  'pending_payment',
  'paid',
  'shipped',
  'received',
  'completed',
  'cancelled',
  'refunding',
  'refunded',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * The order lifecycle. A payment that arrives for a cancelled order is not a transition of the order:
 * it is refunded by the payments module (the money goes back, the order stays cancelled).
 */
export const orderTransitions = {
  pending_payment: ['paid', 'cancelled'],
  paid: ['shipped', 'refunding'],
  shipped: ['received', 'refunding'],
  received: ['completed', 'refunding'],
  completed: [],
  cancelled: [],
  refunding: ['refunded', 'paid', 'shipped', 'received'],
  refunded: [],
} as const satisfies TransitionTable<OrderStatus>;

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  pending_payment: '待付款',
  paid: '待发货',
  shipped: '待收货',
  received: '已收货',
  completed: '已完成',
  cancelled: '已取消',
  refunding: '退款中',
  refunded: '已退款',
};

export const PAYMENT_STATUSES = ['pending', 'succeeded', 'closed', 'refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** One payment attempt (one out_trade_no) on one channel. */
export const paymentTransitions = {
  pending: ['succeeded', 'closed'],
  succeeded: ['refunded'],
  // a payment that completed as we closed it: the money is real, so it is recorded (and then refunded)
  closed: ['succeeded'],
  refunded: [],
} as const satisfies TransitionTable<PaymentStatus>;

/**
 * The listing lifecycle. scheduled: hidden until its on-sale time; pre_sale: visible with its sale start, not yet
 * purchasable; both become on_sale at onSaleAt (a delayed job, or the sweep). scheduled -> draft cancels a schedule.
 */
export const PRODUCT_STATUSES = ['draft', 'scheduled', 'pre_sale', 'on_sale', 'off_sale'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export const productTransitions = {
  draft: ['scheduled', 'pre_sale', 'on_sale'],
  scheduled: ['on_sale', 'pre_sale', 'draft'],
  pre_sale: ['on_sale', 'scheduled', 'off_sale'],
  on_sale: ['off_sale'],
  off_sale: ['on_sale', 'scheduled', 'pre_sale'],
} as const satisfies TransitionTable<ProductStatus>;

/** Members see these (pre_sale with its sale start); draft, scheduled and off_sale answer 404. */
export const MEMBER_VISIBLE_PRODUCT_STATUSES = ['on_sale', 'pre_sale'] as const satisfies readonly ProductStatus[];

export const PRODUCT_STATUS_LABELS: Record<ProductStatus, string> = {
  draft: '草稿',
  scheduled: '定时上架',
  pre_sale: '预售',
  on_sale: '在售',
  off_sale: '已下架',
};

export const PAYMENT_CHANNELS = ['wechatpay', 'alipay'] as const;
export type PaymentChannel = (typeof PAYMENT_CHANNELS)[number];

/** Every movement of a SKU's stock is one ledger row of one of these kinds (see README, Inventory). */
export const STOCK_MOVEMENT_KINDS = ['inbound', 'outbound', 'adjustment', 'reserve', 'release', 'sale'] as const;
export type StockMovementKind = (typeof STOCK_MOVEMENT_KINDS)[number];

export const STOCK_ALERT_STATUSES = ['open', 'acknowledged'] as const;
export type StockAlertStatus = (typeof STOCK_ALERT_STATUSES)[number];

/** A low-stock alert is raised open and acknowledged once by an admin. */
export const stockAlertTransitions = {
  open: ['acknowledged'],
  acknowledged: [],
} as const satisfies TransitionTable<StockAlertStatus>;
export const POINTS_EXCHANGE_STATUSES = ['placed', 'fulfilled', 'cancelled'] as const;
export type PointsExchangeStatus = (typeof POINTS_EXCHANGE_STATUSES)[number];

/** A points exchange: placed (points spent, stock taken), then handed over, or cancelled (points and stock back). */
export const pointsExchangeTransitions = {
  placed: ['fulfilled', 'cancelled'],
  fulfilled: [],
  cancelled: [],
} as const satisfies TransitionTable<PointsExchangeStatus>;

/** A subscribe message to one recipient: claimed (grant used) before the call, then WeChat's answer. */
export const SUBSCRIBE_DELIVERY_STATUSES = ['sending', 'sent', 'refused'] as const;
export type SubscribeDeliveryStatus = (typeof SUBSCRIBE_DELIVERY_STATUSES)[number];

export const subscribeDeliveryTransitions = {
  sending: ['sent', 'refused'],
  sent: [],
  refused: [],
} as const satisfies TransitionTable<SubscribeDeliveryStatus>;

// ---- fulfilment (issue 10: shipments, tracking, WeChat shipping upload, warehouse hand-off) ----

/**
 * A parcel as the carrier reports it. `awaiting_pickup` from the moment we hand over the tracking number; the
 * carrier's states (Kuaidi100 `state`: 1 揽收, 0 在途, 5 派件, 3 签收, 2 疑难, 4/6/14 退签/退回/拒签) move it on.
 * Carriers skip states, so a parcel may jump forward; a report that would move it back is kept in the timeline
 * but does not change the status. delivered and returned end tracking.
 */
export const SHIPMENT_STATUSES = [
  'awaiting_pickup',
  'collected',
  'in_transit',
  'delivering',
  'delivered',
  'exception',
  'returned',
] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

export const shipmentTransitions = {
  awaiting_pickup: ['collected', 'in_transit', 'delivering', 'delivered', 'exception', 'returned'],
  collected: ['in_transit', 'delivering', 'delivered', 'exception', 'returned'],
  in_transit: ['delivering', 'delivered', 'exception', 'returned'],
  // a failed delivery attempt goes back to the depot
  delivering: ['in_transit', 'delivered', 'exception', 'returned'],
  exception: ['in_transit', 'delivering', 'delivered', 'returned'],
  delivered: [],
  returned: [],
} as const satisfies TransitionTable<ShipmentStatus>;

export const SHIPMENT_STATUS_LABELS: Record<ShipmentStatus, string> = {
  awaiting_pickup: '待揽收',
  collected: '已揽收',
  in_transit: '运输中',
  delivering: '派送中',
  delivered: '已签收',
  exception: '疑难件',
  returned: '已退回',
};

/** The WeChat shipping-information upload of one order (one per payment: WeChat counts a second as a re-ship). */
export const SHIPPING_UPLOAD_STATUSES = ['pending', 'uploaded', 'failed'] as const;
export type ShippingUploadStatus = (typeof SHIPPING_UPLOAD_STATUSES)[number];

export const shippingUploadTransitions = {
  pending: ['uploaded', 'failed'],
  // an admin (or the next ship of the order) retries a failed upload
  failed: ['pending', 'uploaded'],
  uploaded: [],
} as const satisfies TransitionTable<ShippingUploadStatus>;

/** A paid order handed to the warehouse: pushed (signed webhook), then the warehouse's picked / packed / shipped. */
export const WAREHOUSE_HANDOFF_STATUSES = ['pending', 'sent', 'picked', 'packed', 'shipped', 'failed'] as const;
export type WarehouseHandoffStatus = (typeof WAREHOUSE_HANDOFF_STATUSES)[number];

export const warehouseHandoffTransitions = {
  // the warehouse may answer before our push job has recorded its own success
  pending: ['sent', 'picked', 'packed', 'shipped', 'failed'],
  sent: ['picked', 'packed', 'shipped'],
  picked: ['packed', 'shipped'],
  packed: ['shipped'],
  failed: ['sent', 'pending', 'picked', 'packed', 'shipped'],
  shipped: [],
} as const satisfies TransitionTable<WarehouseHandoffStatus>;
