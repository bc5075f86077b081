import { defineModule } from '../../platform/module';
import type { FlashSaleDeps } from './flash-deps';
import { registerFlashSaleAdminRoutes } from './flash-sale.admin-routes';
import { registerFlashSaleJobs, subscribeFlashSaleListeners } from './flash-sale.jobs';
import { initFlashSaleModels } from './flash-sale.model';
import { grabGate, registerFlashSaleRoutes, soldOutGate } from './flash-sale.routes';
export { PLACE_FLASH_ORDER_JOB, type FlashSaleDeps } from './flash-deps';
export { pendingGrab, recordGrabFailed, recordGrabOrdered, settleGrabOrdered, type PendingGrab } from './flash-grabs';
export { reconcileSession } from './flash-reconcile';
export { flashTagsOf, flashTagsVersion } from './flash-listing';

/**
 * Flash sale (秒杀): sessions in time slots with flash-priced items; the grab takes stock in one Redis script and
 * the flash queue places the order (flows/flash-sale-orders.ts); cancelled unpaid orders give their stock back;
 * Redis is reconciled with the database every minute and on demand.
 */
export const flashSaleModule = defineModule<FlashSaleDeps>({
  name: 'flashsale',
  initModels: initFlashSaleModels,
  routes(api, deps) {
    registerFlashSaleRoutes(api, deps);
    registerFlashSaleAdminRoutes(api, deps);
  },
  gate(deps) {
    // sold out: answered from the process-local flag; any other grab served on the bare request (lean-route.ts)
    const soldOut = soldOutGate();
    const grab = grabGate(deps);
    return (req, res) => soldOut(req, res) || grab(req, res);
  },
  listeners: subscribeFlashSaleListeners,
  jobs: registerFlashSaleJobs,
  invariants: [
    {
      name: 'flash items sold = units of their ordered grabs',
      sql: `SELECT i.id FROM flash_items i LEFT JOIN (SELECT item_id, SUM(quantity) AS units FROM flash_grabs
            WHERE status = 'ordered' GROUP BY item_id) g ON g.item_id = i.id WHERE i.sold <> COALESCE(g.units, 0)`,
    },
    {
      name: 'no member holds more flash units than the item allows',
      sql: `SELECT g.item_id, g.member_id FROM flash_grabs g JOIN flash_items i ON i.id = g.item_id
            WHERE g.status = 'ordered' GROUP BY g.item_id, g.member_id, i.per_member_limit
            HAVING SUM(g.quantity) > i.per_member_limit`,
    },
  ],
  permissions: {
    'flash:read': 'See flash-sale sessions and their live figures',
    'flash:write': 'Create, edit, publish and cancel flash-sale sessions; reconcile their stock',
  },
});
