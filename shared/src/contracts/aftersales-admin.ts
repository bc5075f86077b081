import { z } from 'zod';
import { AFTERSALE_KINDS, AFTERSALE_STATUSES } from '../statuses';
import { AftersaleNo, AftersaleView } from './aftersales';
import { CarrierCode, TrackingNo } from './fulfilment';
import { OrderNo } from './orders';
import { access, defineRoute, PageQuery, pageOf } from './route';

export const AdminAftersaleView = AftersaleView.extend({
  memberId: z.number().int(),
  handler: z.string().nullable(),
});
export type AdminAftersaleView = z.infer<typeof AdminAftersaleView>;

const aftersaleParams = z.object({ aftersaleNo: AftersaleNo });

export const adminListAftersales = defineRoute({
  method: 'GET',
  path: '/api/admin/aftersales',
  summary: 'The after-sales queue, oldest waiting first',
  tags: ['admin-aftersales'],
  access: access.admin('aftersales:read'),
  query: PageQuery.extend({
    status: z.enum(AFTERSALE_STATUSES).optional(),
    kind: z.enum(AFTERSALE_KINDS).optional(),
    orderNo: OrderNo.optional(),
    memberId: z.coerce.number().int().positive().optional(),
    /** `me` for requests assigned to the caller, `none` for unassigned ones. */
    handler: z.string().max(64).optional(),
  }),
  response: pageOf(AdminAftersaleView),
});

export const adminGetAftersale = defineRoute({
  method: 'GET',
  path: '/api/admin/aftersales/:aftersaleNo',
  summary: 'One request with its log',
  tags: ['admin-aftersales'],
  access: access.admin('aftersales:read'),
  params: aftersaleParams,
  response: AdminAftersaleView,
});

export const adminAssignAftersale = defineRoute({
  method: 'POST',
  path: '/api/admin/aftersales/:aftersaleNo/assign',
  summary: 'Hand a request to an admin (the caller when no username is given)',
  tags: ['admin-aftersales'],
  access: access.admin('aftersales:handle'),
  params: aftersaleParams,
  body: z.object({ handler: z.string().min(3).max(64).optional() }),
  response: AdminAftersaleView,
});

export const adminApproveAftersale = defineRoute({
  method: 'POST',
  path: '/api/admin/aftersales/:aftersaleNo/approve',
  summary: 'Approve: a refund goes out now (refund only), or the member is asked to send the goods back',
  tags: ['admin-aftersales'],
  access: access.admin('aftersales:handle'),
  params: aftersaleParams,
  body: z.object({ note: z.string().trim().max(200).default('') }),
  response: AdminAftersaleView,
});

export const adminRejectAftersale = defineRoute({
  method: 'POST',
  path: '/api/admin/aftersales/:aftersaleNo/reject',
  summary: 'Reject a request, or a returned parcel that is not what was sold, with the reason the member sees',
  tags: ['admin-aftersales'],
  access: access.admin('aftersales:handle'),
  params: aftersaleParams,
  body: z.object({ reason: z.string().trim().min(2).max(200) }),
  response: AdminAftersaleView,
});

export const adminReceiveAftersaleReturn = defineRoute({
  method: 'POST',
  path: '/api/admin/aftersales/:aftersaleNo/receive',
  summary: 'The returned goods arrived: a return is refunded, an exchange waits for its new parcel',
  tags: ['admin-aftersales'],
  access: access.admin('aftersales:handle'),
  params: aftersaleParams,
  body: z.object({
    /** Put the returned goods back into sellable stock. */
    restock: z.boolean().default(true),
    note: z.string().trim().max(200).default(''),
  }),
  response: AdminAftersaleView,
});

export const adminReshipAftersale = defineRoute({
  method: 'POST',
  path: '/api/admin/aftersales/:aftersaleNo/reship',
  summary: 'Send the replacement of an exchange',
  tags: ['admin-aftersales'],
  access: access.admin('aftersales:handle'),
  params: aftersaleParams,
  // a fulfilment parcel: a known carrier (its code, as for shipping an order) and its tracking number
  body: z.object({ carrierCode: CarrierCode, trackingNo: TrackingNo }),
  response: AdminAftersaleView,
});

export const adminRetryAftersaleRefund = defineRoute({
  method: 'POST',
  path: '/api/admin/aftersales/:aftersaleNo/retry-refund',
  summary: 'Send a failed refund again (a new refund number: the platform closed the first for good)',
  tags: ['admin-aftersales'],
  access: access.admin('aftersales:refund'),
  params: aftersaleParams,
  response: AdminAftersaleView,
});
