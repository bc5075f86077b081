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
  // refunded straight from paid, shipped or received: the after-sales refunds of its lines added up to all it paid
  paid: ['shipped', 'refunding', 'refunded'],
  shipped: ['received', 'refunding', 'refunded'],
  received: ['completed', 'refunding', 'refunded'],
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

export const PAYMENT_CHANNELS = ['wechatpay', 'alipay', 'offline'] as const;
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

/**
 * After-sales (售后), per order line. refund_only: approved → refunding → refunded. return_refund: approved →
 * awaiting_return (the member sends the goods back) → return_shipped → return_received → refunding → refunded.
 * exchange: the same return, then reshipped (a new shipment) → completed. A refund that fails goes back to
 * refunding on retry. The member may withdraw before the goods or the money move; a handler may reject a request,
 * or a return whose goods are not what was sold.
 */
export const AFTERSALE_KINDS = ['refund_only', 'return_refund', 'exchange'] as const;
export type AftersaleKind = (typeof AFTERSALE_KINDS)[number];

export const AFTERSALE_KIND_LABELS: Record<AftersaleKind, string> = {
  refund_only: '仅退款',
  return_refund: '退货退款',
  exchange: '换货',
};

export const AFTERSALE_STATUSES = [
  'requested',
  'awaiting_return',
  'return_shipped',
  'return_received',
  'refunding',
  'refund_failed',
  'refunded',
  'reshipped',
  'completed',
  'rejected',
  'withdrawn',
] as const;
export type AftersaleStatus = (typeof AFTERSALE_STATUSES)[number];

export const aftersaleTransitions = {
  requested: ['awaiting_return', 'refunding', 'rejected', 'withdrawn'],
  awaiting_return: ['return_shipped', 'withdrawn'],
  return_shipped: ['return_received', 'rejected'],
  return_received: ['refunding', 'reshipped'],
  refunding: ['refunded', 'refund_failed'],
  refund_failed: ['refunding'],
  refunded: [],
  reshipped: ['completed'],
  completed: [],
  rejected: [],
  withdrawn: [],
} as const satisfies TransitionTable<AftersaleStatus>;

/** Statuses that hold a claim on the line's quantity and money (everything but rejected and withdrawn). */
export const AFTERSALE_OPEN_STATUSES = [
  'requested',
  'awaiting_return',
  'return_shipped',
  'return_received',
  'refunding',
  'refund_failed',
  'reshipped',
] as const satisfies readonly AftersaleStatus[];

export const AFTERSALE_STATUS_LABELS: Record<AftersaleStatus, string> = {
  requested: '待审核',
  awaiting_return: '待寄回',
  return_shipped: '退货在途',
  return_received: '已收到退货',
  refunding: '退款中',
  refund_failed: '退款失败',
  refunded: '已退款',
  reshipped: '已换货发出',
  completed: '已完成',
  rejected: '已拒绝',
  withdrawn: '已撤销',
};
// ---- payments: channels, refunds and offline transfers (issue 10, pay slice) ----

export const REFUND_STATUSES = ['pending', 'processing', 'succeeded', 'closed', 'abnormal', 'failed'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/**
 * A refund: stored `pending` with its refund number before the platform is called; `processing` once the platform
 * accepted it; `succeeded` / `closed` / `abnormal` as the platform reports (notification or query); `failed` when the
 * platform refused it for good. Closed and failed refunds give their amount back to what may still be refunded.
 * An abnormal refund (card void or frozen) is settled by hand at the platform and then reported succeeded or closed.
 */
export const refundTransitions = {
  pending: ['processing', 'succeeded', 'closed', 'abnormal', 'failed'],
  processing: ['succeeded', 'closed', 'abnormal'],
  abnormal: ['succeeded', 'closed'],
  succeeded: [],
  closed: [],
  failed: [],
} as const satisfies TransitionTable<RefundStatus>;

export const OFFLINE_TRANSFER_STATUSES = [
  'awaiting_proof',
  'proof_uploaded',
  'first_confirmed',
  'confirmed',
  'rejected',
] as const;
export type OfflineTransferStatus = (typeof OFFLINE_TRANSFER_STATUSES)[number];

/**
 * A bank transfer: the member uploads proof (again after a rejection); an admin confirms; above the configured amount
 * a second, different admin must confirm too (maker-checker) before the order is paid.
 */
export const offlineTransferTransitions = {
  awaiting_proof: ['proof_uploaded', 'rejected'],
  proof_uploaded: ['proof_uploaded', 'first_confirmed', 'confirmed', 'rejected'],
  first_confirmed: ['confirmed', 'rejected'],
  confirmed: [],
  rejected: ['proof_uploaded'],
} as const satisfies TransitionTable<OfflineTransferStatus>;
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

// ---- distribution (issue 11) ----

/**
 * A distributor (分销员). How one becomes active depends on the policy's qualification: everyone (no row needed,
 * every member earns), apply (a member applies, an admin approves or rejects), assigned (an admin makes one). A
 * frozen distributor keeps the referral relation and earns nothing while frozen.
 */
export const DISTRIBUTOR_STATUSES = ['applied', 'active', 'rejected', 'frozen'] as const;
export type DistributorStatus = (typeof DISTRIBUTOR_STATUSES)[number];

export const distributorTransitions = {
  applied: ['active', 'rejected'],
  // a rejected member may apply again, or an admin may make them one
  rejected: ['applied', 'active'],
  active: ['frozen'],
  frozen: ['active'],
} as const satisfies TransitionTable<DistributorStatus>;

export const DISTRIBUTOR_STATUS_LABELS: Record<DistributorStatus, string> = {
  applied: '审核中',
  active: '分销员',
  rejected: '未通过',
  frozen: '已冻结',
};

/**
 * One commission (佣金) of an order line for one level. Frozen from payment until receipt plus the after-sales
 * window, then released into the distributor's next statement, settled when the statement is confirmed (the money is
 * then available). A refund takes back part of it at any stage (the row keeps its status, `reversedFen` grows);
 * reversed once nothing of it is left.
 */
export const COMMISSION_STATUSES = ['frozen', 'released', 'settled', 'reversed'] as const;
export type CommissionStatus = (typeof COMMISSION_STATUSES)[number];

export const commissionTransitions = {
  frozen: ['released', 'reversed'],
  released: ['settled', 'reversed'],
  settled: ['reversed'],
  reversed: [],
} as const satisfies TransitionTable<CommissionStatus>;

export const COMMISSION_STATUS_LABELS: Record<CommissionStatus, string> = {
  frozen: '冻结中',
  released: '待确认',
  settled: '已结算',
  reversed: '已退回',
};

/**
 * A settlement statement (结算单): one per distributor and cycle, listing the commission released in it. The
 * distributor confirms it (the money becomes available) or disputes it with a reason; an admin resolves a dispute
 * (confirming it, with a note). Unanswered, it is confirmed after the policy's days.
 */
export const STATEMENT_STATUSES = ['open', 'disputed', 'confirmed'] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];

export const statementTransitions = {
  open: ['confirmed', 'disputed'],
  disputed: ['confirmed'],
  confirmed: [],
} as const satisfies TransitionTable<StatementStatus>;

export const STATEMENT_STATUS_LABELS: Record<StatementStatus, string> = {
  open: '待确认',
  disputed: '有异议',
  confirmed: '已确认',
};
// ---- payment reconciliation (issue 10: the daily comparison with the platforms' bills) ----

/** The channels that publish a daily bill to compare with (bank transfers have none). */
export const RECONCILIATION_CHANNELS = ['wechatpay', 'alipay'] as const;
export type ReconciliationChannel = (typeof RECONCILIATION_CHANNELS)[number];

export const RECONCILIATION_RUN_STATUSES = ['running', 'balanced', 'mismatched', 'failed'] as const;
export type ReconciliationRunStatus = (typeof RECONCILIATION_RUN_STATUSES)[number];

/**
 * One run per channel and bill date: running while the bill is fetched and compared, then balanced (no
 * difference), mismatched (differences listed) or failed (no usable bill: not out yet, or its hash did not match).
 * Running it again for the same date starts over from any end (the result is replaced, never duplicated); a run
 * left running by a crashed process is taken over after a while.
 */
export const reconciliationRunTransitions = {
  running: ['balanced', 'mismatched', 'failed', 'running'],
  balanced: ['running'],
  mismatched: ['running'],
  failed: ['running'],
} as const satisfies TransitionTable<ReconciliationRunStatus>;

/**
 * missing_ours: on the platform's bill, unknown to us. missing_theirs: ours for that day, not on the bill.
 * amount_differs / status_differs: both sides know it, and disagree.
 */
export const MISMATCH_KINDS = ['missing_ours', 'missing_theirs', 'amount_differs', 'status_differs'] as const;
export type MismatchKind = (typeof MISMATCH_KINDS)[number];

export const MISMATCH_STATUSES = ['open', 'resolved'] as const;
export type MismatchStatus = (typeof MISMATCH_STATUSES)[number];

/** A difference is open until an admin resolves it with a note (audited); a resolution is final. */
export const mismatchTransitions = {
  open: ['resolved'],
  resolved: [],
} as const satisfies TransitionTable<MismatchStatus>;

// ---- withdrawals (issue 11: 提现) ----

/** Where a withdrawal is paid: WeChat Pay merchant transfer (商家转账, the member confirms) or a bank batch file. */
export const WITHDRAWAL_CHANNELS = ['wechat', 'bank'] as const;
export type WithdrawalChannel = (typeof WITHDRAWAL_CHANNELS)[number];

export const WITHDRAWAL_STATUSES = [
  'requested',
  'first_approved',
  'approved',
  'transferring',
  'in_batch',
  'paid',
  'rejected',
  'failed',
] as const;
export type WithdrawalStatus = (typeof WITHDRAWAL_STATUSES)[number];

/**
 * A withdrawal (提现): requested (the amount left the available balance for payouts in transit) → reviewed by
 * finance (above the dual-review threshold a first approval, then a second by another admin) → approved → paid out:
 * a WeChat transfer bill the member confirms (transferring), or a row of a bank batch file (in_batch) → paid, or
 * failed. Rejected and failed withdrawals give the amount back to the available balance.
 */
export const withdrawalTransitions = {
  requested: ['first_approved', 'approved', 'rejected'],
  first_approved: ['approved', 'rejected'],
  approved: ['transferring', 'in_batch'],
  transferring: ['paid', 'failed'],
  in_batch: ['paid', 'failed'],
  paid: [],
  rejected: [],
  failed: [],
} as const satisfies TransitionTable<WithdrawalStatus>;

export const WITHDRAWAL_STATUS_LABELS: Record<WithdrawalStatus, string> = {
  requested: '待审核',
  first_approved: '待复核',
  approved: '待打款',
  transferring: '待确认收款',
  in_batch: '银行打款中',
  paid: '已到账',
  rejected: '已驳回',
  failed: '打款失败',
};

// ---- issue 11: finance report exports (modules/reports) ----
export const REPORT_EXPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ReportExportStatus = (typeof REPORT_EXPORT_STATUSES)[number];

/**
 * A report export: queued (the request was recorded and its job enqueued) → running (the worker writes the file,
 * reporting progress) → done (the file is under the data dir, downloadable) or failed. A job retried after a
 * worker died finds it running and starts the file over (running → running).
 */
export const reportExportTransitions = {
  queued: ['running', 'failed'],
  running: ['running', 'done', 'failed'],
  done: [],
  failed: [],
} as const satisfies TransitionTable<ReportExportStatus>;

// ---- group-buy (拼团, issue 12) ----

export const GROUPBUY_CAMPAIGN_STATUSES = ['draft', 'active', 'ended'] as const;
export type GroupbuyCampaignStatus = (typeof GROUPBUY_CAMPAIGN_STATUSES)[number];

/**
 * A group-buy campaign: drafted, then active (members start and join groups between startsAt and endsAt), then
 * ended by an admin (no new group orders; groups already forming are decided at their own expiry). A draft may be
 * ended without running.
 */
export const groupbuyCampaignTransitions = {
  draft: ['active', 'ended'],
  active: ['ended'],
  ended: [],
} as const satisfies TransitionTable<GroupbuyCampaignStatus>;

export const GROUPBUY_CAMPAIGN_STATUS_LABELS: Record<GroupbuyCampaignStatus, string> = {
  draft: '草稿',
  active: '进行中',
  ended: '已结束',
};

export const GROUPBUY_GROUP_STATUSES = ['opening', 'forming', 'complete', 'failed', 'cancelled'] as const;
export type GroupbuyGroupStatus = (typeof GROUPBUY_GROUP_STATUSES)[number];

/**
 * One group: opening while its leader's order is unpaid (nobody can join yet; the leader's order cancelled
 * cancels it), forming once the leader paid (expiresAt = that time + the campaign's limit), complete when the
 * paid members fill it (or at expiry when the campaign lets fewer complete), failed at expiry otherwise (every
 * paid member refunded).
 */
export const groupbuyGroupTransitions = {
  opening: ['forming', 'cancelled'],
  forming: ['complete', 'failed'],
  complete: [],
  failed: [],
  cancelled: [],
} as const satisfies TransitionTable<GroupbuyGroupStatus>;

export const GROUPBUY_GROUP_STATUS_LABELS: Record<GroupbuyGroupStatus, string> = {
  opening: '待开团',
  forming: '拼团中',
  complete: '拼团成功',
  failed: '拼团失败',
  cancelled: '已取消',
};

export const GROUPBUY_MEMBER_STATUSES = [
  'pending_payment',
  'paid',
  'cancelled',
  'refunding',
  'refunded',
  'refund_failed',
] as const;
export type GroupbuyMemberStatus = (typeof GROUPBUY_MEMBER_STATUSES)[number];

/**
 * One member's place in a group (one order). pending_payment → paid when the order's payment counts in the group;
 * a payment that arrives when the group is full, failed or cancelled goes straight to refunding (the order is
 * refunded in full). paid → refunding when the group fails; → refunded when after-sales refunds the whole order of
 * a completed group. refund_failed: the platform closed the refund (finance sends it again by hand).
 */
export const groupbuyMemberTransitions = {
  pending_payment: ['paid', 'cancelled', 'refunding'],
  paid: ['refunding', 'refunded'],
  cancelled: [],
  refunding: ['refunded', 'refund_failed'],
  refunded: [],
  refund_failed: [],
} as const satisfies TransitionTable<GroupbuyMemberStatus>;

// ---- promotions (issue 12: discount activities 限时折扣 and 满减) ----

/** A discount activity (percent off or an activity price on a product set) or 满减 (spend X save Y, in tiers). */
export const PROMOTION_KINDS = ['discount', 'full_reduction'] as const;
export type PromotionKind = (typeof PROMOTION_KINDS)[number];

export const PROMOTION_STATUSES = ['active', 'paused', 'ended'] as const;
export type PromotionStatus = (typeof PROMOTION_STATUSES)[number];

/**
 * An activity applies while it is active and inside its time window; an admin pauses and resumes it, or ends it
 * early. Ended is final (its effect figures stay readable).
 */
export const promotionTransitions = {
  active: ['paused', 'ended'],
  paused: ['active', 'ended'],
  ended: [],
} as const satisfies TransitionTable<PromotionStatus>;

export const PROMOTION_ORDER_STATUSES = ['placed', 'paid', 'cancelled', 'refunded'] as const;
export type PromotionOrderStatus = (typeof PROMOTION_ORDER_STATUSES)[number];

/** An order an activity took something off (effect tracking), following its order's events. */
export const promotionOrderTransitions = {
  placed: ['paid', 'cancelled'],
  paid: ['refunded'],
  cancelled: [],
  refunded: [],
} as const satisfies TransitionTable<PromotionOrderStatus>;

// ---- coupons (issue 12: 优惠券) ----

export const COUPON_TEMPLATE_STATUSES = ['draft', 'active', 'paused', 'ended'] as const;
export type CouponTemplateStatus = (typeof COUPON_TEMPLATE_STATUSES)[number];

/**
 * A coupon template: drafted, then active (claimable and grantable while its budget lasts), paused and resumed by
 * an admin, ended for good. Coupons already issued stay usable until their own expiry whatever the template does.
 */
export const couponTemplateTransitions = {
  draft: ['active', 'ended'],
  active: ['paused', 'ended'],
  paused: ['active', 'ended'],
  ended: [],
} as const satisfies TransitionTable<CouponTemplateStatus>;

export const COUPON_TEMPLATE_STATUS_LABELS: Record<CouponTemplateStatus, string> = {
  draft: '草稿',
  active: '进行中',
  paused: '已暂停',
  ended: '已结束',
};

export const MEMBER_COUPON_STATUSES = ['available', 'used', 'expired'] as const;
export type MemberCouponStatus = (typeof MEMBER_COUPON_STATUSES)[number];

/**
 * A member's coupon: available → used by an order. A cancelled order (always) or a fully refunded one (when the
 * template says so) returns it: available again, or expired when its validity ended meanwhile. An available coupon
 * past its validity expires (a sweep writes it; reads treat it as expired at once). Expired is final.
 */
export const memberCouponTransitions = {
  available: ['used', 'expired'],
  used: ['available', 'expired'],
  expired: [],
} as const satisfies TransitionTable<MemberCouponStatus>;

export const MEMBER_COUPON_STATUS_LABELS: Record<MemberCouponStatus, string> = {
  available: '可使用',
  used: '已使用',
  expired: '已过期',
};
// ---- flash sale (issue 12: 秒杀) ----

/** A flash-sale session: drafted, published (members see it; grabs open in its time slot), or cancelled. */
export const FLASH_SESSION_STATUSES = ['draft', 'published', 'cancelled'] as const;
export type FlashSessionStatus = (typeof FLASH_SESSION_STATUSES)[number];

export const flashSessionTransitions = {
  draft: ['published', 'cancelled'],
  published: ['cancelled'],
  cancelled: [],
} as const satisfies TransitionTable<FlashSessionStatus>;

/** Where a published session stands in time (computed from its slot, not stored). */
export const FLASH_SESSION_PHASES = ['upcoming', 'live', 'ended'] as const;
export type FlashSessionPhase = (typeof FLASH_SESSION_PHASES)[number];

/**
 * A grab (抢购): queued when the Redis script took the stock (the ticket exists only in Redis then), ordered when
 * the flash queue placed its order, failed when the placement was refused (its stock went back), released when the
 * unpaid order was cancelled (its stock went back to the session).
 */
export const FLASH_GRAB_STATUSES = ['queued', 'ordered', 'failed', 'released'] as const;
export type FlashGrabStatus = (typeof FLASH_GRAB_STATUSES)[number];

export const flashGrabTransitions = {
  queued: ['ordered', 'failed'],
  ordered: ['released'],
  failed: [],
  released: [],
} as const satisfies TransitionTable<FlashGrabStatus>;

// ---- fund-risk alerts (issue 11: 资金风控) ----

export const RISK_ALERT_KINDS = [
  'large_amount',
  'high_frequency',
  'new_member',
  'shared_bank_card',
  'shared_phone',
  'shared_device',
  'commission_spike',
] as const;
export type RiskAlertKind = (typeof RISK_ALERT_KINDS)[number];

export const RISK_ALERT_STATUSES = ['open', 'resolved'] as const;
export type RiskAlertStatus = (typeof RISK_ALERT_STATUSES)[number];

/**
 * A fund-risk alert is raised open (its withdrawal waits: it cannot be approved or paid) and resolved by finance
 * with a note; a resolved alert stays on record.
 */
export const riskAlertTransitions = {
  open: ['resolved'],
  resolved: [],
} as const satisfies TransitionTable<RiskAlertStatus>;

// ---- team training sessions (issue 11: 团队培训) ----

/**
 * A training session a leader announces to their team: scheduled (members sign up until the deadline), then
 * finished after its end (a sweep writes it; reads show it at once), or cancelled by the leader before it starts
 * or by an admin while it is scheduled. Both ends are final.
 */
export const TEAM_SESSION_STATUSES = ['scheduled', 'cancelled', 'finished'] as const;
export type TeamSessionStatus = (typeof TEAM_SESSION_STATUSES)[number];

export const teamSessionTransitions = {
  scheduled: ['cancelled', 'finished'],
  cancelled: [],
  finished: [],
} as const satisfies TransitionTable<TeamSessionStatus>;

export const TEAM_SESSION_STATUS_LABELS: Record<TeamSessionStatus, string> = {
  scheduled: '报名中',
  cancelled: '已取消',
  finished: '已结束',
};

/**
 * A member's sign-up: signed up, cancelled by the member before the deadline (they may sign up again: the same
 * row returns to signed_up), or marked by the leader after the start: attended or absent, correctable between the
 * two while marking is open. Attendance is recorded only: it pays nothing (compliance guard).
 */
export const TEAM_SESSION_SIGNUP_STATUSES = ['signed_up', 'cancelled', 'attended', 'absent'] as const;
export type TeamSessionSignupStatus = (typeof TEAM_SESSION_SIGNUP_STATUSES)[number];

export const teamSessionSignupTransitions = {
  signed_up: ['cancelled', 'attended', 'absent'],
  cancelled: ['signed_up'],
  attended: ['absent'],
  absent: ['attended'],
} as const satisfies TransitionTable<TeamSessionSignupStatus>;

export const TEAM_SESSION_SIGNUP_STATUS_LABELS: Record<TeamSessionSignupStatus, string> = {
  signed_up: '已报名',
  cancelled: '已取消',
  attended: '已出席',
  absent: '缺席',
};

// ---- team growth (issue 11: referral purchase rewards and team-ranking awards) ----

export const TEAM_REWARD_STATUSES = ['pending', 'granted', 'skipped'] as const;
export type TeamRewardStatus = (typeof TEAM_REWARD_STATUSES)[number];

/**
 * A team-growth reward (a referral purchase reward, a ranking award) is written pending in the transaction that
 * earns it, then granted (points credited, coupon issued, honour recorded) or skipped with a reason (the coupon's
 * budget ran out, the member holds the most allowed). Both ends are final: a retry finds nothing to do.
 */
export const teamRewardTransitions = {
  pending: ['granted', 'skipped'],
  granted: [],
  skipped: [],
} as const satisfies TransitionTable<TeamRewardStatus>;

export const TEAM_RANKING_STATUSES = ['awarding', 'awarded'] as const;
export type TeamRankingStatus = (typeof TEAM_RANKING_STATUSES)[number];

/** A frozen ranking: its entries never change; it is awarded once every award of it is granted or skipped. */
export const teamRankingTransitions = {
  awarding: ['awarded'],
  awarded: [],
} as const satisfies TransitionTable<TeamRankingStatus>;
