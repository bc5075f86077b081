import type { Transaction } from 'sequelize';
import { specKey } from '@mall/shared';
import { recordOpeningStock } from '../inventory';
import { Banner, ProductStatusChange } from './listing.model';
import { Category, Product, Sku } from './catalog.model';

/** The quickstart's demo catalog (seed/catalog.json). */
export interface DemoCatalog {
  categories: { key: string; name: string }[];
  products: {
    key: string;
    category: string;
    name: string;
    subtitle: string;
    origin?: string;
    ingredients?: string;
    efficacy?: string;
    /** [dimension, value, priceFen, stock] */
    skus: [string, string, number, number][];
  }[];
  banners: { title: string; product: string }[];
}

export async function catalogIsEmpty(): Promise<boolean> {
  return (await Product.count()) === 0;
}

/**
 * Writes the demo categories, products (on sale, with their images), SKUs with their opening stock and
 * banners inside the caller's transaction. Answers the product ids in the order of the file.
 */
export async function seedDemoCatalog(tx: Transaction, catalog: DemoCatalog): Promise<number[]> {
  const categoryIds = new Map<string, number>();
  for (const [i, c] of catalog.categories.entries()) {
    const row = await Category.create(
      { name: c.name, parentId: null, iconUrl: null, sortOrder: i },
      { transaction: tx },
    );
    categoryIds.set(c.key, row.id);
  }
  const productIds = new Map<string, number>();
  for (const p of catalog.products) {
    const image = `/media/products/${p.key}.svg`;
    const prices = p.skus.map(([, , priceFen]) => priceFen);
    const product = await Product.create(
      {
        categoryId: categoryIds.get(p.category) ?? null,
        name: p.name,
        subtitle: p.subtitle,
        coverUrl: image,
        imagesJson: JSON.stringify([image]),
        description: `<p>${p.name}：${p.subtitle}。</p><p>正品保障，七天无理由退货。</p>`,
        origin: p.origin ?? '',
        ingredients: p.ingredients ?? '',
        efficacy: p.efficacy ?? '',
        shareText: `${p.name}，${p.subtitle}`,
        specDimensionsJson: JSON.stringify([{ name: p.skus[0][0], values: p.skus.map(([, value]) => value) }]),
        minPriceFen: Math.min(...prices),
        maxPriceFen: Math.max(...prices),
        status: 'on_sale',
        listedAt: new Date(),
      },
      { transaction: tx },
    );
    productIds.set(p.key, product.id);
    await ProductStatusChange.create(
      {
        productId: product.id,
        fromStatus: null,
        toStatus: 'on_sale',
        actorType: 'system',
        actor: 'system:seed',
        reason: 'demo data',
      },
      { transaction: tx },
    );
    for (const [dimension, value, priceFen, stock] of p.skus) {
      const specs = { [dimension]: value };
      const sku = await Sku.create(
        { productId: product.id, specsJson: JSON.stringify(specs), specKey: specKey(specs), priceFen },
        { transaction: tx },
      );
      await recordOpeningStock(tx, [{ skuId: sku.id, productId: product.id, stock }], 'system:seed');
    }
  }
  for (const [i, b] of catalog.banners.entries()) {
    await Banner.create(
      {
        title: b.title,
        imageUrl: `/media/products/${b.product}.svg`,
        linkType: 'product',
        linkValue: String(productIds.get(b.product)),
        sortOrder: i,
        startsAt: null,
        endsAt: null,
        isActive: true,
      },
      { transaction: tx },
    );
  }
  return [...productIds.values()];
}
