import type { Middleware } from 'koa';
import type { ActivityTag } from '@mall/shared';
import type { PlatformDeps } from '../platform/deps';
import { countCampaignViews, viewerOf } from '../modules/campaignviews';
import { flashTagsOf, flashTagsVersion } from '../modules/flashsale';
import { groupbuyTagsOf, groupbuyTagsVersion } from '../modules/groupbuy';
import { promotionTagsOf, promotionTagsVersion } from '../modules/promotions';

/**
 * The marketing a product takes part in now, as tags on its card and page (满300减30, 限时8折, 3人团, 限时秒杀):
 * promotions, group-buy and flash sale each answer from their in-process caches (dropped when a campaign is
 * written, in every process), so tagging adds no query to a storefront read. Windows are checked on each call.
 */
export async function activityTagsOf(product: { id: number; categoryId: number | null }): Promise<ActivityTag[]> {
  const [promotions, groups, flash] = await Promise.all([
    promotionTagsOf(product),
    groupbuyTagsOf(product.id),
    flashTagsOf(product.id),
  ]);
  const shown = promotions.map((t) => t.id);
  if (shown.length) promotionsOnPage.set(product.id, shown);
  else promotionsOnPage.delete(product.id);
  return [...promotions, ...groups, ...flash];
}

/** Everything the tags are built from: list answers kept while it stays the same carry current tags. */
export const activityTagsVersion = () => `${promotionTagsVersion()}.${groupbuyTagsVersion()}.${flashTagsVersion()}`;

export async function withActivityTags<T extends { id: number; categoryId: number | null }>(
  items: readonly T[],
): Promise<(T & { activities: ActivityTag[] })[]> {
  return Promise.all(items.map(async (item) => ({ ...item, activities: await activityTagsOf(item) })));
}

/** The discount and 满减 activities each product page last showed (only pages that showed some). */
const promotionsOnPage = new Map<number, number[]>();

/**
 * Each answered product page (shared builds included) counts a view of the activities it shows: a Map lookup,
 * and for the few products with an activity a pipeline to Redis that nobody waits for. `?inviter=` of a shared
 * product link attributes the views to that distributor.
 */
export function countActivityViews(deps: Pick<PlatformDeps, 'redis' | 'config' | 'logger' | 'tokens'>): Middleware {
  return async (ctx, next) => {
    await next();
    if (ctx.status !== 200 && ctx.status !== 304) return;
    const ids = promotionsOnPage.get(Number(ctx.params.id));
    if (!ids) return;
    const viewer = viewerOf(deps, ctx, ctx.query.inviter); // checked by the route's query contract
    countCampaignViews(
      deps,
      ids.map((id) => ({ kind: 'promotion' as const, id })),
      viewer,
    );
  };
}
