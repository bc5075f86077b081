import { z } from 'zod';
import { ORDER_STATUSES } from '../statuses';
import { access, defineRoute, PageQuery, pageOf } from './route';
import { OrderView } from './orders';

export const adminListOrders = defineRoute({
  method: 'GET',
  path: '/api/admin/orders',
  summary: 'All orders',
  tags: ['admin'],
  access: access.admin('orders:read'),
  query: PageQuery.extend({ status: z.enum(ORDER_STATUSES).optional() }),
  response: pageOf(OrderView.extend({ memberId: z.number().int() })),
});
