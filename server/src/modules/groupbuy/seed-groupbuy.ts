import type { Transaction } from 'sequelize';
import { skusOfProduct } from '../catalog';
import { GroupbuyCampaign, GroupbuyCampaignSku } from './groupbuy.model';

const DAY_MS = 86_400_000;

/** The quickstart's demo campaign: a two-person group on the fourth product (no demo price rule on it) at 80% of each price, for 30 days. */
export async function seedDemoGroupbuy(tx: Transaction, productIds: readonly number[]): Promise<void> {
  const productId = productIds[3] ?? productIds[0];
  if (productId === undefined) return;
  const skus = (await skusOfProduct(productId, tx))?.filter((s) => s.isActive) ?? [];
  if (!skus.length) return;
  const now = Date.now();
  const campaign = await GroupbuyCampaign.create(
    {
      name: '两人成团 · 好友一起买',
      productId,
      status: 'active',
      groupSize: 2,
      timeLimitSeconds: 86_400,
      perMemberLimit: 5,
      allowFewer: false,
      startsAt: new Date(now - DAY_MS),
      endsAt: new Date(now + 30 * DAY_MS),
    },
    { transaction: tx },
  );
  await GroupbuyCampaignSku.bulkCreate(
    skus.map((s) => ({
      campaignId: campaign.id,
      skuId: s.id,
      groupPriceFen: Math.max(1, Math.floor(s.priceFen * 0.8)),
    })),
    { transaction: tx },
  );
}
