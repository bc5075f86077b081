export { initOrderModels, Order, OrderEvent, OrderLine } from './order.model';
export { registerOrderRoutes } from './orders.routes';
export { registerOrderJobs } from './orders.jobs';
export { transitionOrder } from './order-transitions';
export { toOrderView, linesOf } from './order-view';
export { cancelUnpaidOrder, sweepExpiredOrders, type PaymentSettler } from './cancel-order';
