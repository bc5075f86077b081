import type { Transaction } from 'sequelize';
import type { ProductStatus } from '@mall/shared';
import { cacheBus } from '../../platform/cache/invalidation-bus';
import { CachedMap } from '../../platform/cache/local-cache';
import { Product, PRODUCTS_TOPIC, Sku } from './catalog.model';

/** A SKU as pricing and other modules see it: `priceFen` is its base price. */
export interface CatalogSkuView {
  id: number;
  productId: number;
  specs: Record<string, string>;
  skuCode: string | null;
  isActive: boolean;
  priceFen: number;
}

/** What an order line copies from the catalog when it is placed. */
export interface SkuForSaleView extends CatalogSkuView {
  productName: string;
  productStatus: ProductStatus;
  coverUrl: string;
  /** The spec combination as stored, copied verbatim onto the order line. */
  specsJson: string;
  /** The product's shipping-fee template (null: free shipping) and the SKU's weight in grams. */
  freightTemplateId: number | null;
  weightGrams: number;
  /** The product's category (coupon and campaign scopes by category read it). */
  categoryId: number | null;
}

const toView = (s: Sku): CatalogSkuView => ({
  id: s.id,
  productId: s.productId,
  specs: JSON.parse(s.specsJson) as Record<string, string>,
  skuCode: s.skuCode ?? null,
  isActive: s.isActive,
  priceFen: s.priceFen,
});

/** Every SKU of a product (active or not) in id order; null when the product does not exist. */
export async function skusOfProduct(productId: number, tx?: Transaction): Promise<CatalogSkuView[] | null> {
  const product = await Product.findByPk(productId, { attributes: ['id'], transaction: tx });
  if (!product) return null;
  const skus = await Sku.findAll({ where: { productId }, order: [['id', 'ASC']], transaction: tx });
  return skus.map(toView);
}

async function readSkusForSale(skuIds: readonly number[], tx?: Transaction): Promise<SkuForSaleView[]> {
  const skus = await Sku.findAll({ where: { id: [...new Set(skuIds)] }, order: [['id', 'ASC']], transaction: tx });
  const products = await Product.findAll({
    where: { id: [...new Set(skus.map((s) => s.productId))] },
    attributes: ['id', 'name', 'status', 'coverUrl', 'freightTemplateId', 'categoryId'],
    transaction: tx,
  });
  const productById = new Map(products.map((p) => [p.id, p]));
  return skus.flatMap((s) => {
    const product = productById.get(s.productId);
    if (!product) return [];
    const view: SkuForSaleView = {
      ...toView(s),
      specsJson: s.specsJson,
      productName: product.name,
      productStatus: product.status,
      coverUrl: product.coverUrl,
      freightTemplateId: product.freightTemplateId ?? null,
      weightGrams: s.weightGrams ?? 0,
      categoryId: product.categoryId ?? null,
    };
    return [view];
  });
}

/**
 * Checkout reads the SKUs it prices on every quote and placement: kept in process, dropped when a write to a
 * product or its SKUs commits (model hooks, addSales announce PRODUCTS_TOPIC), here at once and in the other
 * processes through the invalidation bus. Keyed by SKU, so any product write drops them all (writes are rare).
 */
const skusForSaleCache = new CachedMap<number, SkuForSaleView | null>(
  async (ids) => {
    const found = new Map((await readSkusForSale(ids)).map((v) => [v.id, v]));
    return new Map(ids.map((id) => [id, found.get(id) ?? null]));
  },
  { ttlMs: 60_000, maxEntries: 50_000 },
);
cacheBus.on(PRODUCTS_TOPIC, () => skusForSaleCache.clear());

/**
 * SKUs by id with their product's name, cover and status (checkout), in id order; unknown ids are absent.
 * Inside a transaction as the transaction sees them, else from the process's cache.
 */
export async function skusForSale(skuIds: readonly number[], tx?: Transaction): Promise<SkuForSaleView[]> {
  if (!skuIds.length) return [];
  if (tx) return readSkusForSale(skuIds, tx);
  const ids = [...new Set(skuIds)].sort((a, b) => a - b);
  const views = await skusForSaleCache.getMany(ids);
  return ids.flatMap((id) => {
    const view = views.get(id);
    return view ? [view] : [];
  });
}

/** SKU ids by skuCode (a stock sheet may name SKUs by code); an unknown code is absent. */
export async function skuIdsByCode(codes: readonly string[]): Promise<Map<string, number>> {
  if (!codes.length) return new Map();
  const found = await Sku.findAll({ where: { skuCode: [...codes] }, attributes: ['id', 'skuCode'] });
  return new Map(found.flatMap((s) => (s.skuCode ? [[s.skuCode, s.id] as const] : [])));
}

/** Product name and spec text ("500g / 原味") per SKU id. */
export async function skuLabels(
  skuIds: readonly number[],
): Promise<Map<number, { productName: string; specs: string }>> {
  if (!skuIds.length) return new Map();
  const skus = await Sku.findAll({ where: { id: [...skuIds] }, attributes: ['id', 'productId', 'specsJson'] });
  const products = await Product.findAll({
    where: { id: [...new Set(skus.map((s) => s.productId))] },
    attributes: ['id', 'name'],
  });
  const nameOf = new Map(products.map((p) => [p.id, p.name]));
  return new Map(
    skus.map((s) => [
      s.id,
      {
        productName: nameOf.get(s.productId) ?? '',
        specs: Object.values(JSON.parse(s.specsJson) as object).join(' / '),
      },
    ]),
  );
}

/** Units sold per product grow each product's salesCount, inside the caller's transaction (product id order). */
export async function addSales(tx: Transaction, unitsByProduct: ReadonlyMap<number, number>): Promise<void> {
  for (const [productId, units] of [...unitsByProduct].sort(([a], [b]) => a - b)) {
    await Product.increment('salesCount', { by: units, where: { id: productId }, transaction: tx });
  }
  cacheBus.publishAfterCommit(tx, PRODUCTS_TOPIC, [...unitsByProduct.keys()]); // increment runs no model hooks
}
