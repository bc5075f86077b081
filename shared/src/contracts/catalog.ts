import { z } from 'zod';
import { PRODUCT_STATUSES } from '../statuses';
import { findSpecProblem, deriveDimensions, MAX_SKUS_PER_PRODUCT, MAX_SPEC_DIMENSIONS, SPEC_RESERVED } from '../specs';
import { access, defineRoute, Fen, Id, PageQuery, pageOf } from './route';
import { PriceFields } from './pricing';

export interface CategoryNode {
  id: number;
  parentId: number | null;
  name: string;
  iconUrl: string | null;
  sortOrder: number;
  children: CategoryNode[];
}
export const CategoryNode: z.ZodType<CategoryNode> = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  name: z.string(),
  iconUrl: z.string().nullable(),
  sortOrder: z.number().int(),
  get children() {
    return z.array(CategoryNode);
  },
});
/** Kept for callers of the flat view: a node without its children. */
export const CategoryView = z.object({ id: z.number().int(), name: z.string(), iconUrl: z.string().nullable() });

export const SpecDimensionSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(10)
    .refine((s) => !SPEC_RESERVED.test(s), 'must not contain = or |'),
  values: z
    .array(
      z
        .string()
        .trim()
        .min(1)
        .max(20)
        .refine((s) => !SPEC_RESERVED.test(s), 'must not contain = or |'),
    )
    .min(1)
    .max(30)
    .refine((v) => new Set(v).size === v.length, 'values must be unique'),
});

export const SkuView = z.object({
  id: z.number().int(),
  /** Spec values by dimension, e.g. { "规格": "500g", "口味": "原味" } */
  specs: z.record(z.string(), z.string()),
  priceFen: Fen,
  stock: z.number().int(),
  skuCode: z.string().nullable(),
});

export const ProductSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  subtitle: z.string(),
  coverUrl: z.string(),
  /** Lowest active SKU price. */
  priceFen: Fen,
  salesCount: z.number().int(),
  categoryId: z.number().int().nullable(),
  status: z.enum(PRODUCT_STATUSES),
  /** When a pre-sale product becomes purchasable (ISO time); null otherwise. */
  saleStartsAt: z.string().nullable(),
});
export type ProductSummary = z.infer<typeof ProductSummary>;

export const ProductDetail = ProductSummary.extend({
  images: z.array(z.string()),
  videoUrl: z.string().nullable(),
  origin: z.string(),
  ingredients: z.string(),
  efficacy: z.string(),
  /** Sanitized HTML (a small whitelist of tags, no attributes but img src/alt). */
  description: z.string(),
  shareText: z.string(),
  specDimensions: z.array(SpecDimensionSchema),
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
  summary: 'Product categories as a tree (roots in sort order, each with its children)',
  tags: ['catalog'],
  access: access.public,
  response: z.array(CategoryNode),
});

export const PRODUCT_SORTS = ['newest', 'sales', 'price_asc', 'price_desc'] as const;

export const listProducts = defineRoute({
  method: 'GET',
  path: '/api/products',
  summary: 'Products members can see (on sale, pre-sale), filtered and sorted',
  tags: ['catalog'],
  access: access.public,
  query: PageQuery.extend({
    /** Includes the category's descendants. */
    categoryId: Id.optional(),
    /** Matched against name and subtitle. */
    keyword: z.string().trim().max(50).optional(),
    /** Range on the lowest SKU price, inclusive. */
    minPriceFen: z.coerce.number().int().min(0).optional(),
    maxPriceFen: z.coerce.number().int().min(0).optional(),
    sort: z.enum(PRODUCT_SORTS).default('newest'),
  }).refine((q) => q.minPriceFen === undefined || q.maxPriceFen === undefined || q.minPriceFen <= q.maxPriceFen, {
    message: 'must not be below minPriceFen',
    path: ['maxPriceFen'],
  }),
  response: pageOf(MemberProductSummary),
});

export const getProduct = defineRoute({
  method: 'GET',
  path: '/api/products/:id',
  summary: 'One product with its active SKUs',
  tags: ['catalog'],
  access: access.public,
  params: z.object({ id: Id }),
  response: MemberProductDetail,
});

const SkuInput = z.object({
  specs: z.record(
    z
      .string()
      .min(1)
      .max(10)
      .refine((s) => !SPEC_RESERVED.test(s), 'must not contain = or |'),
    z.string().min(1).max(20),
  ),
  priceFen: Fen.min(1).max(100_000_000),
  /** Initial stock of a new SKU; ignored for an existing one (stock moves through the inventory module). */
  stock: z.number().int().min(0).max(10_000_000).default(0),
  skuCode: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - only')
    .nullable()
    .optional(),
  /** Shipping weight in grams, for by-weight freight templates (issue 10); omitted keeps the current weight. */
  weightGrams: z.number().int().min(0).max(1_000_000).optional(),
});

/** A media URL: our own path (/media/...) or http(s); nothing a browser would run (javascript:, data:). */
export const MediaUrl = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .regex(/^(\/(?!\/)|https?:\/\/)[^\s"'<>]*$/, 'must be a /path or an http(s) URL');
const url = MediaUrl;

const productFields = {
  name: z.string().trim().min(1).max(120),
  subtitle: z.string().trim().max(200).default(''),
  categoryId: Id.nullable().default(null),
  coverUrl: url,
  images: z.array(url).max(20).default([]),
  videoUrl: url.nullable().default(null),
  origin: z.string().trim().max(100).default(''),
  ingredients: z.string().trim().max(2_000).default(''),
  efficacy: z.string().trim().max(2_000).default(''),
  /** HTML; sanitized on save (scripts, handlers and unknown tags are removed). */
  description: z.string().max(20_000).default(''),
  /** The text of the share card. */
  shareText: z.string().trim().max(100).default(''),
  /** Omitted: derived from the SKUs' specs. */
  specDimensions: z.array(SpecDimensionSchema).max(MAX_SPEC_DIMENSIONS).optional(),
  skus: z.array(SkuInput).min(1).max(MAX_SKUS_PER_PRODUCT),
  /** The shipping-fee template (module freight); null: free shipping; omitted keeps the current one (issue 10). */
  freightTemplateId: Id.nullable().optional(),
};

/** SKUs must cover every combination of the dimensions exactly once. */
function refineSpecs(
  input: { specDimensions?: z.infer<typeof SpecDimensionSchema>[]; skus: { specs: Record<string, string> }[] },
  ctx: z.RefinementCtx,
) {
  const dims = input.specDimensions ?? deriveDimensions(input.skus.map((s) => s.specs));
  if (new Set(dims.map((d) => d.name)).size !== dims.length) {
    ctx.addIssue({ code: 'custom', path: ['specDimensions'], message: 'dimension names must be unique' });
    return;
  }
  const problem = findSpecProblem(
    dims,
    input.skus.map((s) => s.specs),
  );
  if (problem) {
    ctx.addIssue({
      code: 'custom',
      path: problem.index === null ? ['skus'] : ['skus', problem.index, 'specs'],
      message: problem.message,
    });
  }
}

export const AdminProductInput = z
  .object({ ...productFields, status: z.enum(['draft', 'on_sale']).default('draft') })
  .superRefine(refineSpecs);
export const AdminProductUpdate = z.object(productFields).superRefine(refineSpecs);
export type AdminProductInput = z.output<typeof AdminProductInput>;
export type AdminProductUpdate = z.output<typeof AdminProductUpdate>;

export const AdminSkuView = SkuView.extend({ isActive: z.boolean() });
export const AdminProductDetail = ProductDetail.extend({
  skus: z.array(AdminSkuView),
  onSaleAt: z.string().nullable(),
  offSaleAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AdminProductDetail = z.infer<typeof AdminProductDetail>;

export const AdminProductQuery = PageQuery.extend({
  status: z.enum(PRODUCT_STATUSES).optional(),
  categoryId: Id.optional(),
  keyword: z.string().trim().max(50).optional(),
});

export const adminListProducts = defineRoute({
  method: 'GET',
  path: '/api/admin/products',
  summary: 'All products, any status, filtered by status, category (with descendants) and keyword',
  tags: ['admin'],
  access: access.admin('catalog:read'),
  query: AdminProductQuery,
  response: pageOf(AdminProductDetail),
});

export const adminExportProducts = defineRoute({
  method: 'GET',
  path: '/api/admin/products/export',
  summary: 'Products and SKUs as xlsx or CSV (one row per SKU), same filters as the list',
  tags: ['admin'],
  access: access.admin('catalog:read'),
  query: AdminProductQuery.omit({ page: true, pageSize: true }).extend({
    format: z.enum(['xlsx', 'csv']).default('xlsx'),
  }),
});

export const adminGetProduct = defineRoute({
  method: 'GET',
  path: '/api/admin/products/:id',
  summary: 'One product, any status, with all its SKUs (inactive ones too) and schedule',
  tags: ['admin'],
  access: access.admin('catalog:read'),
  params: z.object({ id: Id }),
  response: AdminProductDetail,
});

export const adminCreateProduct = defineRoute({
  method: 'POST',
  path: '/api/admin/products',
  summary: 'Create a product with its SKUs (one per spec combination); the copy is checked for forbidden words',
  tags: ['admin'],
  access: access.admin('catalog:write'),
  body: AdminProductInput,
  response: AdminProductDetail,
  status: 201,
});

export const adminUpdateProduct = defineRoute({
  method: 'PUT',
  path: '/api/admin/products/:id',
  summary: 'Replace a product; SKUs of unchanged combinations keep their id, removed ones are deactivated',
  tags: ['admin'],
  access: access.admin('catalog:write'),
  params: z.object({ id: Id }),
  body: AdminProductUpdate,
  response: AdminProductDetail,
});

/** Statuses an admin sets by hand; scheduled and pre_sale need a time, so they go through the schedule. */
export const MANUAL_PRODUCT_STATUSES = ['draft', 'on_sale', 'off_sale'] as const;

export const adminSetProductStatus = defineRoute({
  method: 'POST',
  path: '/api/admin/products/:id/status',
  summary: 'Put a product on or off sale now (scheduled and pre-sale go through the schedule)',
  tags: ['admin'],
  access: access.admin('catalog:write'),
  params: z.object({ id: Id }),
  body: z.object({ status: z.enum(MANUAL_PRODUCT_STATUSES), reason: z.string().max(200).optional() }),
  response: AdminProductDetail,
});
