import {
  adminAcknowledgeStockAlert,
  adminExportStock,
  adminGetSkuStock,
  adminImportStock,
  adminListStockAlerts,
  adminListStockLedger,
  adminMoveStock,
  adminSetStockSettings,
} from '@mall/shared/admin';
import type { AdminActor, ApiRouter } from '../../platform/http/api-router';
import type { InventoryModuleDeps } from './sku-directory';
import { importStock } from './import-stock';
import * as queries from './inventory.queries';
import { acknowledgeStockAlert, moveStockByAdmin, setStockSettings } from './manage-stock';
import { receiveSheet, type UploadedSheet } from './stock-sheet';

export function registerInventoryAdminRoutes(api: ApiRouter, deps: InventoryModuleDeps) {
  api.add(adminMoveStock, ({ params, body, ctx }) =>
    moveStockByAdmin(deps, ctx.state.actor as AdminActor, params.skuId, body),
  );
  api.add(adminSetStockSettings, ({ params, body, ctx }) =>
    setStockSettings(deps, ctx.state.actor as AdminActor, params.skuId, body),
  );
  api.add(adminGetSkuStock, ({ params }) => queries.getSkuStock(params.skuId));
  api.add(adminListStockLedger, ({ params, query }) => queries.listLedger(params.skuId, query));
  api.add(adminListStockAlerts, ({ query }) => queries.listAlerts(query));
  api.add(adminAcknowledgeStockAlert, ({ params, ctx }) =>
    acknowledgeStockAlert(deps, ctx.state.actor as AdminActor, params.id),
  );
  api.add(
    adminImportStock,
    async ({ body, ctx }) => {
      const report = await importStock(deps, ctx.state.actor as AdminActor, ctx.state.sheet as UploadedSheet, {
        dryRun: body.dryRun === 'true',
        batchRef: body.batchRef,
      });
      // a sheet with bad rows is refused as a whole; the report says which rows and why
      if (report.errors.length) ctx.state.status = 422;
      else if (!report.applied) ctx.state.status = 200;
      return report;
    },
    [receiveSheet],
  );
  api.add(adminExportStock, async ({ ctx }) => {
    ctx.type = 'text/csv; charset=utf-8';
    ctx.attachment(`stock-${new Date().toISOString().slice(0, 10)}.csv`);
    ctx.body = `\uFEFF${await queries.exportStockCsv(deps.skuDirectory)}`; // BOM: Excel opens UTF-8 Chinese names correctly
  });
}
