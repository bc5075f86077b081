import {
  adminCancelFlashSession,
  adminCreateFlashSession,
  adminExportFlashStats,
  adminFlashSessionStats,
  adminGetFlashSession,
  adminListFlashSessions,
  adminPublishFlashSession,
  adminReconcileFlashSession,
  adminUpdateFlashSession,
} from '@mall/shared/admin';
import { recordAudit, sendAuditedSheet } from '../admin';
import { withTx } from '../../platform/db/database';
import type { AdminActor, ApiRouter } from '../../platform/http/api-router';
import type { FlashSaleDeps } from './flash-deps';
import { reconcileSession } from './flash-reconcile';
import { createSession, getAdminSession, listAdminSessions, moveSession, updateSession } from './flash-sessions';
import { sessionStats } from './flash-stats';
import { flashStatsSheet } from './flash-stats-sheet';

export function registerFlashSaleAdminRoutes(api: ApiRouter, deps: FlashSaleDeps) {
  const actorOf = (ctx: { state: { actor?: unknown } }) => ctx.state.actor as AdminActor;
  api.add(adminListFlashSessions, ({ query }) => listAdminSessions(query));
  api.add(adminGetFlashSession, ({ params }) => getAdminSession(params.id));
  api.add(adminCreateFlashSession, ({ ctx, body }) => createSession(deps, actorOf(ctx), body));
  api.add(adminUpdateFlashSession, ({ ctx, params, body }) => updateSession(deps, actorOf(ctx), params.id, body));
  api.add(adminPublishFlashSession, ({ ctx, params }) => moveSession(deps, actorOf(ctx), params.id, 'published'));
  api.add(adminCancelFlashSession, ({ ctx, params }) => moveSession(deps, actorOf(ctx), params.id, 'cancelled'));
  api.add(adminFlashSessionStats, ({ params }) => sessionStats(deps, params.id));
  api.add(adminExportFlashStats, async ({ ctx, query }) => {
    const sheet = await flashStatsSheet(deps);
    await sendAuditedSheet(deps, ctx, {
      action: 'flash.stats_export',
      targetType: 'flash_session',
      sheet,
      format: query.format,
      baseName: 'flash-stats',
    });
  });
  api.add(adminReconcileFlashSession, async ({ ctx, params, body }) => {
    const report = await reconcileSession(deps, params.id, body.fix);
    await withTx(deps.sequelize, (tx) =>
      recordAudit(
        actorOf(ctx),
        {
          action: 'flash.stock_reconciled',
          targetType: 'flash_session',
          targetId: String(params.id),
          before: null,
          after: report,
        },
        tx,
      ),
    );
    return report;
  });
}
