import {
  adminCreatePromotion,
  adminDeletePromotion,
  adminExportPromotionStats,
  adminGetPromotion,
  adminListPromotions,
  adminPromotionStats,
  adminSetPromotionStatus,
  adminUpdatePromotion,
} from '@mall/shared/admin';
import type { PlatformDeps } from '../../platform/deps';
import { sendAuditedSheet } from '../admin';
import type { AdminActor, ApiRouter } from '../../platform/http/api-router';
import { createPromotion, deletePromotion, setPromotionStatus, updatePromotion } from './manage-promotions';
import { promotionStats } from './promotion-stats';
import { promotionStatsSheet } from './promotion-stats-sheet';
import { getPromotion, listPromotions } from './promotion-views';

export function registerPromotionAdminRoutes(api: ApiRouter, deps: PlatformDeps) {
  const actorOf = (ctx: { state: { actor?: unknown } }) => ctx.state.actor as AdminActor;
  api.add(adminListPromotions, ({ query }) => listPromotions(query));
  api.add(adminGetPromotion, ({ params }) => getPromotion(params.id));
  api.add(adminCreatePromotion, ({ body, ctx }) => createPromotion(deps, actorOf(ctx), body));
  api.add(adminUpdatePromotion, ({ params, body, ctx }) => updatePromotion(deps, actorOf(ctx), params.id, body));
  api.add(adminSetPromotionStatus, ({ params, body, ctx }) =>
    setPromotionStatus(deps, actorOf(ctx), params.id, body.status, body.reason),
  );
  api.add(adminDeletePromotion, ({ params, ctx }) => deletePromotion(deps, actorOf(ctx), params.id));
  api.add(adminPromotionStats, ({ params }) => promotionStats(deps.sequelize, params.id));
  api.add(adminExportPromotionStats, async ({ ctx, query }) => {
    const sheet = await promotionStatsSheet(deps.sequelize);
    await sendAuditedSheet(deps, ctx, {
      action: 'promotions.stats_export',
      targetType: 'promotion',
      sheet,
      format: query.format,
      baseName: 'promotion-stats',
    });
  });
}
