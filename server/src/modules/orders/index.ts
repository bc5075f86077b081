import type { PlatformDeps } from '../../platform/deps';
import { defineModule } from '../../platform/module';
import type { PaymentSettler as Settler } from './cancel-order';
import { initOrderModels } from './order.model';
import { registerOrderJobs } from './orders.jobs';
import { registerOrderRoutes } from './orders.routes';
export { Order, OrderEvent, OrderLine } from './order.model';
export { registerOrderRoutes } from './orders.routes';
export { registerOrderJobs } from './orders.jobs';
export { transitionOrder } from './order-transitions';
export { toOrderView, linesOf } from './order-view';
export { cancelUnpaidOrder, sweepExpiredOrders, type PaymentSettler } from './cancel-order';

/** Orders: placement, the status machine, timeouts. Payment settling comes in as a port (paymentSettler). */
export const ordersModule = defineModule<PlatformDeps & { paymentSettler: Settler }>({
  name: 'orders',
  initModels: initOrderModels,
  routes: (api, deps) => registerOrderRoutes(api, deps, deps.paymentSettler),
  jobs: (deps) => registerOrderJobs(deps, deps.paymentSettler),
  permissions: {
    'orders:read': 'See all orders',
    'orders:write': 'Change orders (ship, cancel, remark)',
  },
});
