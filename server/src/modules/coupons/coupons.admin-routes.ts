import {
  adminCouponTemplateStats,
  adminCreateCouponTemplate,
  adminDeleteCouponTemplate,
  adminExportCouponStats,
  adminGetCouponTemplate,
  adminGrantCoupons,
  adminListCouponTemplates,
  adminSearchMemberCoupons,
  adminSetCouponTemplateStatus,
  adminUpdateCouponTemplate,
} from '@mall/shared/admin';
import type { PlatformDeps } from '../../platform/deps';
import type { AdminActor, ApiRouter } from '../../platform/http/api-router';
import { sendAuditedSheet } from '../admin';
import { couponTemplateStats } from './coupon-stats';
import { couponStatsSheet } from './coupon-stats-sheet';
import {
  createCouponTemplate,
  deleteCouponTemplate,
  getCouponTemplate,
  listCouponTemplates,
  setCouponTemplateStatus,
  updateCouponTemplate,
} from './coupon-templates';
import { audienceMemberIds } from './grant-audience';
import { grantCoupons } from './issue-coupons';
import { searchMemberCoupons } from './member-coupon-search';

export function registerCouponAdminRoutes(api: ApiRouter, deps: PlatformDeps) {
  const actorOf = (ctx: { state: Record<string, unknown> }) => ctx.state.actor as AdminActor;
  api.add(adminListCouponTemplates, ({ query }) => listCouponTemplates(query));
  api.add(adminGetCouponTemplate, ({ params }) => getCouponTemplate(params.id));
  api.add(adminCreateCouponTemplate, ({ body, ctx }) => createCouponTemplate(deps, actorOf(ctx), body));
  api.add(adminUpdateCouponTemplate, ({ params, body, ctx }) =>
    updateCouponTemplate(deps, actorOf(ctx), params.id, body),
  );
  api.add(adminSetCouponTemplateStatus, ({ params, body, ctx }) =>
    setCouponTemplateStatus(deps, actorOf(ctx), params.id, body.status),
  );
  api.add(adminDeleteCouponTemplate, ({ params, ctx }) => deleteCouponTemplate(deps, actorOf(ctx), params.id));
  api.add(adminGrantCoupons, async ({ params, body, ctx }) =>
    grantCoupons(deps, actorOf(ctx), params.id, await audienceMemberIds(body.audience), body.requestId),
  );
  api.add(adminCouponTemplateStats, ({ params }) => couponTemplateStats(params.id));
  api.add(adminExportCouponStats, async ({ ctx, query }) => {
    const sheet = await couponStatsSheet();
    await sendAuditedSheet(deps, ctx, {
      action: 'coupons.stats_export',
      targetType: 'coupon_template',
      sheet,
      format: query.format,
      baseName: 'coupon-stats',
    });
  });
  api.add(adminSearchMemberCoupons, ({ query }) => searchMemberCoupons(query));
}
