import { resolvePrice, type Channel } from '@mall/shared';
import { type PricePreview } from '@mall/shared/admin';
import { NotFoundError } from '../../platform/errors';
import { skusOfProduct } from '../catalog';
import type { LevelLadder } from './level-ladder';
import { rulesForProducts } from './price-rules';

/**
 * The price grid an operator checks before a campaign: every SKU × every level, on one channel at one moment,
 * through the same resolver the shop and the orders use.
 */
export async function previewPrices(
  ladder: LevelLadder,
  productId: number,
  channel: Channel,
  at: Date,
): Promise<PricePreview> {
  const skus = await skusOfProduct(productId);
  if (!skus) throw new NotFoundError('This product', 'productId');
  const [levels, rules] = await Promise.all([ladder.listLevels(), rulesForProducts([productId], at)]);
  return {
    productId,
    channel,
    at: at.toISOString(),
    skus: skus.map((sku) => ({
      skuId: sku.id,
      specs: sku.specs,
      basePriceFen: sku.priceFen,
      levels: levels.map((level) => {
        const priced = { id: sku.id, productId, basePriceFen: sku.priceFen };
        const price = resolvePrice({ sku: priced, level, channel, at, rules });
        return {
          levelCode: level.code,
          name: level.name,
          priceFen: price.priceFen,
          label: price.label,
          source: price.source,
          ruleId: price.ruleId,
        };
      }),
    })),
  };
}
