import type { CampaignViewStats } from '@mall/shared/admin';
import type { SheetValue } from '../../platform/sheet-file';

/** The view columns every campaign kind's stats export ends with. */
export const VIEW_COLUMNS = [
  { key: 'views', header: '浏览量' },
  { key: 'uniqueViewers', header: '浏览人数' },
  { key: 'viewToOrderBps', header: '浏览转化率(基点)' },
  { key: 'sharedViews', header: '分享带来的浏览' },
] as const;

export const viewCells = (v: CampaignViewStats): Record<string, SheetValue> => ({
  views: v.views,
  uniqueViewers: v.uniqueViewers,
  viewToOrderBps: v.viewToOrderBps,
  sharedViews: v.byPromoter.reduce((n, p) => n + p.views, 0),
});

/** How many campaigns an export lists (newest first): a synchronous download stays small. */
export const EXPORT_LIMIT = 1_000;
