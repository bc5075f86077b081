import { Op, type Transaction, type WhereOptions } from 'sequelize';
import type { ProductDetail, ProductSummary } from '@mall/shared';
import { NotFoundError } from '../../platform/errors';
import { Category, Product, Sku } from './catalog.model';

export function toSummary(p: Product, skus: Sku[]): ProductSummary {
  return {
    id: p.id,
    name: p.name,
    subtitle: p.subtitle,
    coverUrl: p.coverUrl,
    priceFen: skus.length ? Math.min(...skus.map((s) => s.priceFen)) : 0,
    salesCount: p.salesCount,
    categoryId: p.categoryId,
  };
}

export function toDetail(p: Product, skus: Sku[]): ProductDetail {
  return {
    ...toSummary(p, skus),
    images: JSON.parse(p.imagesJson) as string[],
    description: p.description,
    status: p.status,
    skus: skus.map((s) => ({
      id: s.id,
      specs: JSON.parse(s.specsJson) as Record<string, string>,
      priceFen: s.priceFen,
      stock: s.stock,
    })),
  };
}

async function skusByProduct(productIds: number[], tx?: Transaction): Promise<Map<number, Sku[]>> {
  const skus = productIds.length
    ? await Sku.findAll({ where: { productId: productIds }, order: [['id', 'ASC']], transaction: tx })
    : [];
  const map = new Map<number, Sku[]>();
  for (const sku of skus) map.set(sku.productId, [...(map.get(sku.productId) ?? []), sku]);
  return map;
}

export async function listCategories() {
  const rows = await Category.findAll({
    order: [
      ['sortOrder', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  return rows.map((c) => ({ id: c.id, name: c.name, iconUrl: c.iconUrl }));
}

export async function listProducts(filter: {
  page: number;
  pageSize: number;
  categoryId?: number;
  keyword?: string;
  onSaleOnly: boolean;
}) {
  const where: WhereOptions<Product> = {
    ...(filter.onSaleOnly ? { status: 'on_sale' } : {}),
    ...(filter.categoryId ? { categoryId: filter.categoryId } : {}),
    ...(filter.keyword ? { name: { [Op.like]: `%${filter.keyword.replace(/[%_\\]/g, '\\$&')}%` } } : {}),
  };
  const { rows, count } = await Product.findAndCountAll({
    where,
    order: [['id', 'DESC']],
    limit: filter.pageSize,
    offset: (filter.page - 1) * filter.pageSize,
  });
  const skus = await skusByProduct(rows.map((p) => p.id));
  return { rows, skus, total: count };
}

export async function getProductWithSkus(productId: number, options: { onSaleOnly: boolean; tx?: Transaction }) {
  const product = await Product.findByPk(productId, { transaction: options.tx });
  if (!product || (options.onSaleOnly && product.status !== 'on_sale')) throw new NotFoundError('This product', 'id');
  const skus = (await skusByProduct([product.id], options.tx)).get(product.id) ?? [];
  return { product, skus };
}
