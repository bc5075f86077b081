import type { Transaction } from 'sequelize';
import type { AdminGroupbuyCampaignView } from '@mall/shared/admin';
import { skusForSale } from '../catalog';
import { type GroupbuyCampaign, GroupbuyCampaignSku } from './groupbuy.model';

/** Campaigns with their SKUs (prices from this module, specs, list prices and names from the catalog's door). */
export async function campaignViewsOf(
  campaigns: readonly GroupbuyCampaign[],
  tx?: Transaction,
): Promise<AdminGroupbuyCampaignView[]> {
  if (!campaigns.length) return [];
  const prices = await GroupbuyCampaignSku.findAll({
    where: { campaignId: campaigns.map((c) => c.id) },
    order: [['id', 'ASC']],
    transaction: tx,
  });
  const skus = new Map((await skusForSale([...new Set(prices.map((p) => p.skuId))], tx)).map((s) => [s.id, s]));
  return campaigns.map((c) => {
    const own = prices.filter((p) => p.campaignId === c.id);
    const productName = own.map((p) => skus.get(p.skuId)?.productName).find(Boolean) ?? '';
    return {
      id: c.id,
      name: c.name,
      productId: c.productId,
      productName,
      status: c.status,
      skus: own.map((p) => ({
        skuId: p.skuId,
        specs: skus.get(p.skuId)?.specs ?? {},
        listPriceFen: skus.get(p.skuId)?.priceFen ?? 0,
        groupPriceFen: p.groupPriceFen,
      })),
      groupSize: c.groupSize,
      timeLimitSeconds: c.timeLimitSeconds,
      perMemberLimit: c.perMemberLimit,
      allowFewer: c.allowFewer,
      startsAt: c.startsAt.toISOString(),
      endsAt: c.endsAt.toISOString(),
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    };
  });
}

/** The cover of the campaign's product, from the catalog (the first SKU's product cover). */
export async function coverOf(skuIds: readonly number[]): Promise<string | null> {
  const [first] = await skusForSale(skuIds.slice(0, 1));
  return first?.coverUrl ?? null;
}
