import type { ActivityTag, GroupbuyCampaignCard, GroupbuyCampaignDetail } from '@mall/shared';
import type { AdminGroupbuyCampaignView } from '@mall/shared/admin';
import { cacheBus } from '../../platform/cache/invalidation-bus';
import { CachedValue } from '../../platform/cache/local-cache';
import { NotFoundError } from '../../platform/errors';
import { campaignViewsOf, coverOf } from './campaign-views';
import { CAMPAIGNS_TOPIC, GroupbuyCampaign } from './groupbuy.model';
import { openGroupsOf } from './group-views';

interface RunningCampaign {
  view: AdminGroupbuyCampaignView;
  card: GroupbuyCampaignCard;
}

/**
 * Every active campaign with its SKUs and card, loaded whole (a shop runs tens, not thousands): the member list,
 * the detail and the checkout price read it from memory. A campaign write empties it in every process (the model
 * hooks announce on CAMPAIGNS_TOPIC); the minute's expiry is the backstop for catalog edits (names, list prices).
 */
const activeCampaigns = new CachedValue<RunningCampaign[]>(
  async () => {
    const rows = await GroupbuyCampaign.findAll({ where: { status: 'active' }, order: [['id', 'DESC']] });
    const views = await campaignViewsOf(rows);
    return Promise.all(
      views.map(async (view) => {
        const cheapest = [...view.skus].sort((a, b) => a.groupPriceFen - b.groupPriceFen)[0];
        const card: GroupbuyCampaignCard = {
          id: view.id,
          name: view.name,
          productId: view.productId,
          productName: view.productName,
          coverUrl: await coverOf(view.skus.map((s) => s.skuId)),
          groupSize: view.groupSize,
          timeLimitSeconds: view.timeLimitSeconds,
          perMemberLimit: view.perMemberLimit,
          allowFewer: view.allowFewer,
          fromGroupPriceFen: cheapest?.groupPriceFen ?? 0,
          fromListPriceFen: cheapest?.listPriceFen ?? 0,
          startsAt: view.startsAt,
          endsAt: view.endsAt,
        };
        return { view, card };
      }),
    );
  },
  { ttlMs: 60_000 },
);
cacheBus.on(CAMPAIGNS_TOPIC, () => activeCampaigns.invalidate());

const isRunning = (c: RunningCampaign, now: number) =>
  Date.parse(c.view.startsAt) <= now && Date.parse(c.view.endsAt) > now;

async function runningNow(now = Date.now()) {
  return (await activeCampaigns.get()).filter((c) => isRunning(c, now));
}

export async function listRunningCampaigns(page: { page: number; pageSize: number }) {
  const running = await runningNow();
  const items = running.slice((page.page - 1) * page.pageSize, page.page * page.pageSize).map((c) => c.card);
  return { items, total: running.length, page: page.page, pageSize: page.pageSize };
}

/** A running campaign's page: the cached card and prices, and the open groups read live. */
export async function getRunningCampaign(id: number): Promise<GroupbuyCampaignDetail> {
  const found = (await runningNow()).find((c) => c.view.id === id);
  if (!found) throw new NotFoundError('This group-buy campaign', 'id');
  return { ...found.card, skus: found.view.skus, openGroups: await openGroupsOf(id) };
}

/** Group prices by SKU of a running campaign, for the checkout adjuster; null when it is not running. */
export async function groupPricesFor(
  campaignId: number,
): Promise<{ name: string; prices: Map<number, number> } | null> {
  const found = (await runningNow()).find((c) => c.view.id === campaignId);
  if (!found) return null;
  return { name: found.view.name, prices: new Map(found.view.skus.map((s) => [s.skuId, s.groupPriceFen])) };
}

/** Grows whenever a campaign is written: answers carrying the group-buy tags are current while it stays. */
export const groupbuyTagsVersion = () => activeCampaigns.version;

/** The product's running campaigns as product-page entries (3人团), from memory. */
export async function groupbuyTagsOf(productId: number, now = Date.now()): Promise<ActivityTag[]> {
  return (await runningNow(now))
    .filter((c) => c.view.productId === productId)
    .map((c) => ({
      kind: 'groupbuy',
      id: c.view.id,
      label: `${c.view.groupSize}人团`,
      startsAt: c.view.startsAt,
      endsAt: c.view.endsAt,
    }));
}
