import {
  MEMBER_VISIBLE_PRODUCT_STATUSES,
  type ProductDetail,
  type ProductStatus,
  type ProductSummary,
} from '@mall/shared';
import { cacheBus } from '../../platform/cache/invalidation-bus';
import { CachedMap } from '../../platform/cache/local-cache';
import { NotFoundError } from '../../platform/errors';
import { stockOf } from '../inventory';
import { CATEGORIES_TOPIC, Product, PRODUCTS_TOPIC } from './catalog.model';
import * as queries from './catalog.queries';

type ListQuery = Omit<queries.ProductFilter, 'statuses'>;

/** A product card before pricing: the summary and its active SKUs' base prices (the flows price them). */
export interface StorefrontCard {
  summary: ProductSummary;
  skus: { id: number; productId: number; priceFen: number }[];
}

interface CardPage {
  items: StorefrontCard[];
  total: number;
}

async function readCardPage(query: ListQuery): Promise<CardPage> {
  const { rows, skus, total } = await queries.listProducts(
    { ...query, statuses: MEMBER_VISIBLE_PRODUCT_STATUSES },
    { withStock: false },
  );
  const items = rows.map((p) => {
    const all = skus.get(p.id) ?? [];
    return {
      summary: queries.toSummary(p, all),
      skus: all.filter((s) => s.isActive).map((s) => ({ id: s.id, productId: s.productId, priceFen: s.priceFen })),
    };
  });
  return { items, total };
}

const isVisible = (status: ProductStatus) =>
  (MEMBER_VISIBLE_PRODUCT_STATUSES as readonly ProductStatus[]).includes(status);

/** Product pages without stock (stock changes with every order and is read live); null: not shown to members. */
async function readProductPages(ids: number[]): Promise<Map<number, ProductDetail | null>> {
  const [products, skus] = await Promise.all([
    Product.findAll({ where: { id: ids } }),
    queries.skusByProduct(ids, undefined, { withStock: false }),
  ]);
  const pages = new Map<number, ProductDetail | null>(ids.map((id) => [id, null]));
  for (const product of products) {
    if (isVisible(product.status)) pages.set(product.id, queries.toDetail(product, skus.get(product.id) ?? []));
  }
  return pages;
}

/**
 * The storefront's reads are kept in process: cards by list query, pages by product. A committed write to a
 * product or its SKUs (model hooks, addSales) drops that page and every list (any list may show the product);
 * a category write drops every list. In this process at once, in the others through the invalidation bus.
 */
const cardPages = new CachedMap<string, CardPage>(
  async (keys) => new Map(await Promise.all(keys.map(async (k) => [k, await readCardPage(JSON.parse(k))] as const))),
  { ttlMs: 60_000, maxEntries: 1_000 },
);
const productPages = new CachedMap<number, ProductDetail | null>(readProductPages, {
  ttlMs: 60_000,
  maxEntries: 20_000,
});
cacheBus.on(PRODUCTS_TOPIC, (ids) => {
  cardPages.clear();
  if (ids) productPages.invalidate(ids.map(Number));
  else productPages.clear();
});
cacheBus.on(CATEGORIES_TOPIC, () => cardPages.clear());

/** Grows whenever a card or page may have changed: priced answers built from them are current while it stays. */
export const storefrontVersion = () => cardPages.version + productPages.version;

/** Products members (and visitors) may see: on sale or in pre-sale, at base prices. */
export async function listStorefrontProducts(query: ListQuery): Promise<CardPage> {
  const key = JSON.stringify(query);
  return (await cardPages.get(key))!;
}

/**
 * Stock is read live, but page views of one product arriving while its read is in flight share that read (a
 * flash sale opens one page thousands of times a second): an answer's stock is at most one read old.
 */
const stockReads = new Map<number, Promise<Map<number, number>>>();

function liveStockOf(productId: number, skuIds: number[]): Promise<Map<number, number>> {
  let read = stockReads.get(productId);
  if (!read) {
    read = stockOf(skuIds)
      .then((views) => new Map([...views].map(([id, v]) => [id, v.stock])))
      .finally(() => stockReads.delete(productId));
    stockReads.set(productId, read);
  }
  return read;
}

/** One product page at base prices, with each active SKU's stock (read now); hidden products answer 404. */
export async function getStorefrontProduct(productId: number): Promise<ProductDetail> {
  const page = await productPages.get(productId);
  if (!page) throw new NotFoundError('This product', 'id');
  const stock = await liveStockOf(
    productId,
    page.skus.map((s) => s.id),
  );
  return { ...page, skus: page.skus.map((s) => ({ ...s, stock: stock.get(s.id) ?? 0 })) };
}
