import { Op, type Order, type Transaction, type WhereOptions } from 'sequelize';
import {
  MEMBER_VISIBLE_PRODUCT_STATUSES,
  type ProductDetail,
  type ProductStatus,
  type ProductSummary,
  type SpecDimension,
} from '@mall/shared';
import { type AdminProductDetail } from '@mall/shared/admin';
import { NotFoundError } from '../../platform/errors';
import { stockOf } from '../inventory';
import { Product, Sku } from './catalog.model';
import { categoryWithDescendants } from './categories';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A SKU row with its available stock, which inventory owns and hands out through its door. */
export type StockedSku = Pick<Sku, 'id' | 'productId' | 'specsJson' | 'skuCode' | 'isActive' | 'priceFen'> & {
  stock: number;
};

const activeOnly = (skus: StockedSku[]) => skus.filter((s) => s.isActive);

export function toSummary(p: Product, skus: StockedSku[]): ProductSummary {
  const active = activeOnly(skus);
  return {
    id: p.id,
    name: p.name,
    subtitle: p.subtitle,
    coverUrl: p.coverUrl,
    priceFen: active.length ? Math.min(...active.map((s) => s.priceFen)) : 0,
    salesCount: p.salesCount,
    categoryId: p.categoryId,
    status: p.status,
    saleStartsAt: p.status === 'pre_sale' ? iso(p.onSaleAt) : null,
  };
}

function skuView(s: StockedSku) {
  return {
    id: s.id,
    specs: JSON.parse(s.specsJson) as Record<string, string>,
    priceFen: s.priceFen,
    stock: s.stock,
    skuCode: s.skuCode ?? null,
  };
}

/** What members see: active SKUs only. */
export function toDetail(p: Product, skus: StockedSku[]): ProductDetail {
  return {
    ...toSummary(p, skus),
    images: JSON.parse(p.imagesJson) as string[],
    videoUrl: p.videoUrl ?? null,
    origin: p.origin,
    ingredients: p.ingredients ?? '',
    efficacy: p.efficacy ?? '',
    description: p.description,
    shareText: p.shareText,
    specDimensions: JSON.parse(p.specDimensionsJson || '[]') as SpecDimension[],
    skus: activeOnly(skus).map(skuView),
  };
}

/** What admins see: every SKU with its active flag, and the schedule. */
export function toAdminDetail(p: Product, skus: StockedSku[]): AdminProductDetail {
  return {
    ...toDetail(p, skus),
    skus: skus.map((s) => ({ ...skuView(s), isActive: s.isActive })),
    onSaleAt: iso(p.onSaleAt),
    offSaleAt: iso(p.offSaleAt),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** The SKUs of these products with their stock (one batch read from inventory), by product id. */
export async function skusByProduct(productIds: number[], tx?: Transaction): Promise<Map<number, StockedSku[]>> {
  const skus = productIds.length
    ? await Sku.findAll({ where: { productId: productIds }, order: [['id', 'ASC']], transaction: tx })
    : [];
  const stock = await stockOf(
    skus.map((s) => s.id),
    tx,
  );
  const map = new Map<number, StockedSku[]>();
  for (const sku of skus) {
    const stocked: StockedSku = {
      id: sku.id,
      productId: sku.productId,
      specsJson: sku.specsJson,
      skuCode: sku.skuCode,
      isActive: sku.isActive,
      priceFen: sku.priceFen,
      stock: stock.get(sku.id)?.stock ?? 0,
    };
    map.set(sku.productId, [...(map.get(sku.productId) ?? []), stocked]);
  }
  return map;
}

export type ProductSort = 'newest' | 'sales' | 'price_asc' | 'price_desc';
const SORTS: Record<ProductSort, Order> = {
  newest: [
    ['listedAt', 'DESC'],
    ['id', 'DESC'],
  ],
  sales: [
    ['salesCount', 'DESC'],
    ['id', 'DESC'],
  ],
  price_asc: [
    ['minPriceFen', 'ASC'],
    ['id', 'DESC'],
  ],
  price_desc: [
    ['minPriceFen', 'DESC'],
    ['id', 'DESC'],
  ],
};

export interface ProductFilter {
  page: number;
  pageSize: number;
  /** Includes descendants. */
  categoryId?: number;
  keyword?: string;
  minPriceFen?: number;
  maxPriceFen?: number;
  statuses?: readonly ProductStatus[];
  sort?: ProductSort;
}

const likePattern = (keyword: string) => `%${keyword.replace(/[%_\\]/g, '\\$&')}%`;

export async function buildProductWhere(filter: Omit<ProductFilter, 'page' | 'pageSize' | 'sort'>) {
  const where: WhereOptions<Product>[] = [];
  if (filter.statuses) where.push({ status: [...filter.statuses] });
  if (filter.categoryId) where.push({ categoryId: await categoryWithDescendants(filter.categoryId) });
  if (filter.keyword) {
    const like = likePattern(filter.keyword);
    where.push({ [Op.or]: [{ name: { [Op.like]: like } }, { subtitle: { [Op.like]: like } }] });
  }
  if (filter.minPriceFen !== undefined) where.push({ minPriceFen: { [Op.gte]: filter.minPriceFen } });
  if (filter.maxPriceFen !== undefined) where.push({ minPriceFen: { [Op.lte]: filter.maxPriceFen } });
  return { [Op.and]: where } as WhereOptions<Product>;
}

export async function listProducts(filter: ProductFilter) {
  const { rows, count } = await Product.findAndCountAll({
    where: await buildProductWhere(filter),
    order: SORTS[filter.sort ?? 'newest'],
    limit: filter.pageSize,
    offset: (filter.page - 1) * filter.pageSize,
  });
  const skus = await skusByProduct(rows.map((p) => p.id));
  return { rows, skus, total: count };
}

export async function getProductWithSkus(productId: number, options: { visibleToMembers: boolean; tx?: Transaction }) {
  const product = await Product.findByPk(productId, { transaction: options.tx });
  const hidden =
    options.visibleToMembers &&
    product &&
    !(MEMBER_VISIBLE_PRODUCT_STATUSES as readonly ProductStatus[]).includes(product.status);
  if (!product || hidden) throw new NotFoundError('This product', 'id');
  const skus = (await skusByProduct([product.id], options.tx)).get(product.id) ?? [];
  return { product, skus };
}
