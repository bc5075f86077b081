import { resolvePrice, type Channel, type PricePreview } from '@mall/shared';
import { NotFoundError } from '../../platform/errors';
import { Product, Sku } from '../catalog';
import { listLevels } from '../loyalty';
import { rulesForProducts } from './price-rules';

/**
 * The price grid an operator checks before a campaign: every SKU × every level, on one channel at one moment,
 * through the same resolver the shop and the orders use.
 */
export async function previewPrices(productId: number, channel: Channel, at: Date): Promise<PricePreview> {
  const product = await Product.findByPk(productId);
  if (!product) throw new NotFoundError('This product', 'productId');
  const [skus, levels, rules] = await Promise.all([
    Sku.findAll({ where: { productId }, order: [['id', 'ASC']] }),
    listLevels(),
    rulesForProducts([productId], at),
  ]);
  return {
    productId,
    channel,
    at: at.toISOString(),
    skus: skus.map((sku) => ({
      skuId: sku.id,
      specs: JSON.parse(sku.specsJson) as Record<string, string>,
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
