import { z } from 'zod';
import { access, defineRoute } from './route';

/** The campaigns whose views are counted: a coupon template, a discount / 满减 activity, a group-buy, a flash session. */
export const CAMPAIGN_KINDS = ['coupon', 'promotion', 'groupbuy', 'flash'] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

export const CampaignPromoterViews = z.object({
  /** The distributor whose shared link or card brought the views. */
  promoterId: z.number().int(),
  views: z.number().int(),
});

/**
 * Views of a campaign's member pages, counted in Redis on each read and rolled into the database every minute
 * (so a minute behind at most). Unique viewers: distinct members (or addresses, for guests), an estimate within 1%.
 */
export const CampaignViewStats = z.object({
  views: z.number().int(),
  uniqueViewers: z.number().int(),
  /** View→order conversion: the campaign's orders / unique viewers, basis points (may pass 10000 when orders came by other paths). */
  viewToOrderBps: z.number().int(),
  byPromoter: z.array(CampaignPromoterViews),
});
export type CampaignViewStats = z.infer<typeof CampaignViewStats>;

export const STATS_EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type StatsExportFormat = (typeof STATS_EXPORT_FORMATS)[number];

const ExportQuery = z.object({ format: z.enum(STATS_EXPORT_FORMATS).default('xlsx') });

const exportRoute = <P extends string>(path: P, what: string, permission: string) =>
  defineRoute({
    method: 'GET',
    path,
    summary: `${what}: one row per campaign with its effect and views (xlsx or csv, at most 1000, newest first); audited`,
    tags: ['admin', 'marketing'],
    access: access.admin(permission),
    query: ExportQuery,
  });

export const adminExportCouponStats = exportRoute(
  '/api/admin/coupon-templates/stats/export',
  'Coupon templates’ statistics',
  'coupons:read',
);
export const adminExportPromotionStats = exportRoute(
  '/api/admin/promotions/stats/export',
  'Discount activities’ and 满减 statistics',
  'promotions:read',
);
export const adminExportGroupbuyStats = exportRoute(
  '/api/admin/groupbuy/stats/export',
  'Group-buy campaigns’ statistics',
  'groupbuy:read',
);
export const adminExportFlashStats = exportRoute(
  '/api/admin/flash/sessions/stats/export',
  'Flash-sale sessions’ statistics',
  'flash:read',
);
