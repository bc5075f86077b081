import { z } from 'zod';
import { PAYMENT_CHANNELS, PAYMENT_STATUSES, REFUND_STATUSES } from '../statuses';
import { access, defineRoute, Id, PageQuery, pageOf } from './route';
import { OrderNo } from './orders';
import { PaymentView } from './payments';

/** A payment as admins see it: the member's view plus who paid and whether the money must go back. */
export const AdminPaymentView = PaymentView.extend({
  memberId: z.number().int().nullable(),
  needsRefund: z.boolean(),
  offlineConfirmations: z.array(z.object({ adminId: z.number().int(), username: z.string(), at: z.string() })),
});
export type AdminPaymentView = z.infer<typeof AdminPaymentView>;

export const RefundView = z.object({
  id: z.number().int(),
  refundNo: z.string(),
  businessKey: z.string(),
  orderNo: z.string(),
  paymentId: z.number().int(),
  channel: z.enum(PAYMENT_CHANNELS),
  amountFen: z.number().int(),
  status: z.enum(REFUND_STATUSES),
  reason: z.string(),
  actor: z.string(),
  providerRefundId: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  succeededAt: z.string().nullable(),
});
export type RefundView = z.infer<typeof RefundView>;

export const adminListPayments = defineRoute({
  method: 'GET',
  path: '/api/admin/payments',
  summary: 'Every payment attempt on every channel, newest first, with filters',
  tags: ['payments'],
  access: access.admin('payments:read'),
  query: PageQuery.extend({
    channel: z.enum(PAYMENT_CHANNELS).optional(),
    status: z.enum(PAYMENT_STATUSES).optional(),
    orderNo: OrderNo.optional(),
    memberId: Id.optional(),
    from: z.iso.datetime().optional(),
    to: z.iso.datetime().optional(),
    /** Only payments that arrived for an order already cancelled (refunded automatically). */
    latePayments: z.enum(['true', 'false']).optional(),
  }),
  response: pageOf(AdminPaymentView),
});

export const adminListRefunds = defineRoute({
  method: 'GET',
  path: '/api/admin/refunds',
  summary: 'Refunds on every channel, newest first',
  tags: ['payments'],
  access: access.admin('payments:read'),
  query: PageQuery.extend({ status: z.enum(REFUND_STATUSES).optional(), orderNo: OrderNo.optional() }),
  response: pageOf(RefundView),
});

export const adminConfirmOfflinePayment = defineRoute({
  method: 'POST',
  path: '/api/admin/payments/:paymentId/offline/confirm',
  summary:
    'Confirm a bank transfer (the money is on the account). Above the configured amount a second, different admin ' +
    'must confirm as well before the order is paid.',
  tags: ['payments'],
  access: access.admin('payments:offline-confirm'),
  params: z.object({ paymentId: Id }),
  response: AdminPaymentView,
});

export const adminRejectOfflinePayment = defineRoute({
  method: 'POST',
  path: '/api/admin/payments/:paymentId/offline/reject',
  summary: 'Reject a bank transfer proof with a reason (the member may upload another)',
  tags: ['payments'],
  access: access.admin('payments:offline-confirm'),
  params: z.object({ paymentId: Id }),
  body: z.object({ reason: z.string().trim().min(2).max(200) }),
  response: AdminPaymentView,
});

export const adminOfflineProof = defineRoute({
  method: 'GET',
  path: '/api/admin/payments/:paymentId/offline/proof',
  summary: 'The uploaded bank receipt image of a transfer',
  tags: ['payments'],
  access: access.admin('payments:read'),
  params: z.object({ paymentId: Id }),
});
