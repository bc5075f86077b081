import {
  adminExportMismatches,
  adminListMismatches,
  adminListReconciliationRuns,
  adminResolveMismatch,
  adminRunReconciliation,
} from '@mall/shared/admin';
import { recordAudit } from '../admin';
import { withTx } from '../../platform/db/database';
import type { AdminPrincipal } from '../../platform/http/auth';
import type { AdminActor, ApiRouter } from '../../platform/http/api-router';
import type { ReconciliationDeps } from './reconciliation-deps';
import { exportMismatchesXlsx, listMismatches, listRuns, runViewOf } from './reconciliation-views';
import { resolveMismatch } from './resolve-mismatch';
import { runReconciliation } from './run-reconciliation';

/** The reconciliation report: runs by channel and date, their differences, a re-run, resolutions and the export. */
export function registerReconciliationAdminRoutes(api: ApiRouter, deps: ReconciliationDeps) {
  api.add(adminListReconciliationRuns, ({ query }) => listRuns(query));

  // in the request: the admin sees the outcome (a bill is one day of one shop, fetched in seconds)
  api.add(adminRunReconciliation, async ({ ctx, body }) => {
    const { run } = await runReconciliation(deps, body.channel, body.billDate, {
      kind: 'admin',
      actor: ctx.state.actor as AdminActor,
    });
    return runViewOf(run);
  });

  api.add(adminListMismatches, ({ query }) => listMismatches(query));

  api.add(adminResolveMismatch, ({ ctx, params, body }) =>
    resolveMismatch(deps, ctx.state.actor as AdminActor, params.mismatchId, body.note),
  );

  api.add(adminExportMismatches, async ({ ctx, query, requestId }) => {
    const { file, rowCount } = await exportMismatchesXlsx(query);
    // a bulk read of payment records is recorded like a write: who took which rows out
    const actor: AdminActor = { ...(ctx.state.admin as AdminPrincipal), requestId, ip: ctx.ip, audited: false };
    await withTx(deps.sequelize, (tx) =>
      recordAudit(
        actor,
        {
          action: 'reconciliation.exported',
          targetType: 'reconciliation_mismatch',
          targetId: '*',
          before: null,
          after: { query, rowCount },
        },
        tx,
      ),
    );
    ctx.set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    ctx.set(
      'Content-Disposition',
      `attachment; filename="reconciliation-${new Date().toISOString().slice(0, 10)}.xlsx"`,
    );
    ctx.body = file;
  });
}
