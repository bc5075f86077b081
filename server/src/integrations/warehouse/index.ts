/** Warehouse hand-off: the signed JSON webhook (both directions) and the sandbox warehouse. The only door. */
export {
  checkWarehouseSignature,
  MAX_SKEW_SECONDS,
  SIGNATURE_HEADER,
  signedHeaders,
  signWarehouseBody,
  TIMESTAMP_HEADER,
  type WarehouseSignatureProblem,
} from './warehouse-signature';
export { createWarehouseClient, WarehouseError, type WarehouseClient, type WarehouseOrder } from './warehouse-client';
export { createWarehouseSandboxRouter, WAREHOUSE_SANDBOX_PATH } from './warehouse-sandbox.routes';
