import { z } from 'zod';
import { PRODUCT_STATUSES } from '../statuses';
import { access, defineRoute, Fen, Id, PageQuery, pageOf } from './route';
import { PriceFields } from './pricing';

export const CategoryView = z.object({ id: z.number().int(), name: z.string(), iconUrl: z.string().nullable() });

export const SkuView = z.object({
  id: z.number().int(),
  /** Spec values by dimension, e.g. { "规格": "500g", "口味": "原味" } */
  specs: z.record(z.string(), z.string()),
  priceFen: Fen,
  stock: z.number().int(),
});

export const ProductSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  subtitle: z.string(),
  coverUrl: z.string(),
  /** Lowest SKU price. */
  priceFen: Fen,
  salesCount: z.number().int(),
  categoryId: z.number().int().nullable(),
});
export type ProductSummary = z.infer<typeof ProductSummary>;

export const ProductDetail = ProductSummary.extend({
  images: z.array(z.string()),
  description: z.string(),
  status: z.enum(PRODUCT_STATUSES),
  skus: z.array(SkuView),
});
export type ProductDetail = z.infer<typeof ProductDetail>;

/** What a member sees: `priceFen` is the price they pay (shared/src/pricing.ts), beside the base price. */
export const MemberSkuView = SkuView.extend(PriceFields);
export const MemberProductSummary = ProductSummary.extend(PriceFields);
export type MemberProductSummary = z.infer<typeof MemberProductSummary>;
export const MemberProductDetail = ProductDetail.extend({ ...PriceFields, skus: z.array(MemberSkuView) });
export type MemberProductDetail = z.infer<typeof MemberProductDetail>;

export const listCategories = defineRoute({
  method: 'GET',
  path: '/api/categories',
  summary: 'Product categories',
  tags: ['catalog'],
  access: access.public,
  response: z.array(CategoryView),
});

export const listProducts = defineRoute({
  method: 'GET',
  path: '/api/products',
  summary: 'Products on sale, newest first',
  tags: ['catalog'],
  access: access.public,
  query: PageQuery.extend({ categoryId: Id.optional(), keyword: z.string().max(50).optional() }),
  response: pageOf(MemberProductSummary),
});

export const getProduct = defineRoute({
  method: 'GET',
  path: '/api/products/:id',
  summary: 'One product with its SKUs',
  tags: ['catalog'],
  access: access.public,
  params: z.object({ id: Id }),
  response: MemberProductDetail,
});

const SkuInput = z.object({
  specs: z.record(z.string().min(1).max(20), z.string().min(1).max(40)),
  priceFen: Fen.min(1).max(100_000_000),
  stock: z.number().int().min(0).max(10_000_000),
});

export const AdminProductInput = z.object({
  name: z.string().trim().min(1).max(120),
  subtitle: z.string().max(200).default(''),
  categoryId: Id.nullable().default(null),
  coverUrl: z.string().min(1).max(500),
  images: z.array(z.string().min(1).max(500)).max(20).default([]),
  description: z.string().max(20_000).default(''),
  status: z.enum(PRODUCT_STATUSES).default('draft'),
  skus: z.array(SkuInput).min(1).max(200),
});

export const adminListProducts = defineRoute({
  method: 'GET',
  path: '/api/admin/products',
  summary: 'All products, any status',
  tags: ['admin'],
  access: access.admin('catalog:read'),
  query: PageQuery,
  response: pageOf(ProductDetail),
});

export const adminCreateProduct = defineRoute({
  method: 'POST',
  path: '/api/admin/products',
  summary: 'Create a product with its SKUs',
  tags: ['admin'],
  access: access.admin('catalog:write'),
  body: AdminProductInput,
  response: ProductDetail,
  status: 201,
});

export const adminSetProductStatus = defineRoute({
  method: 'POST',
  path: '/api/admin/products/:id/status',
  summary: 'Put a product on or off sale',
  tags: ['admin'],
  access: access.admin('catalog:write'),
  params: z.object({ id: Id }),
  body: z.object({ status: z.enum(PRODUCT_STATUSES), reason: z.string().max(200).optional() }),
  response: ProductDetail,
});
