import { defineModule } from '../../platform/module';
import { initFulfilmentModels } from './fulfilment.model';
import type { FulfilmentDeps } from './fulfilment-deps';
import { registerFulfilmentJobs } from './fulfilment.jobs';
import { registerFulfilmentRoutes } from './fulfilment.routes';
import { subscribeWarehouseHandoff } from './warehouse-handoff';

export type { FulfilmentDeps, ShippingHold } from './fulfilment-deps';
export { CARRIERS, carrierOf, type Carrier } from './carriers';
export {
  recordShipment,
  shipmentViewsOf,
  shippedQuantities,
  type ParcelInput,
  type RecordedShipment,
  type ShippableOrder,
} from './shipments';
export { queueShippingUpload, shippingUploadViewOf, type PaidWechatPayment } from './shipping-upload';
export { recordWarehouseProgress, resumeWarehouseHandoff, warehouseViewOf } from './warehouse-handoff';
export { WECHAT_DELIVERY_IDS } from './carriers';
export { pollShipment } from './tracking';
export {
  recordReshipment,
  reshipmentOf,
  type Replacement,
  type ReplacementParcel,
  type ReshipmentView,
} from './reshipments';

/**
 * Fulfilment: parcels and what they carry, the carrier's tracking timeline (Kuaidi100 polls and pushes), the WeChat
 * shipping-information upload, and the warehouse hand-off. Shipping an order (which also moves the order) is the
 * flow in flows/ship-order.ts.
 */
export const fulfilmentModule = defineModule<FulfilmentDeps>({
  name: 'fulfilment',
  initModels: initFulfilmentModels,
  routes: registerFulfilmentRoutes,
  listeners: subscribeWarehouseHandoff,
  jobs: registerFulfilmentJobs,
  permissions: {
    'fulfilment:ship': 'Ship orders (one, split or a batch sheet) and retry their WeChat shipping upload',
  },
});
