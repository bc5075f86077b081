import { z } from 'zod';
import { deriveDimensions, findSpecProblem, MAX_SKUS_PER_PRODUCT, MAX_SPEC_DIMENSIONS, SPEC_RESERVED } from '../specs';
import { PRODUCT_STATUSES } from '../statuses';
import {
  BANNER_LINK_TYPES,
  BannerView,
  CategoryNode,
  MediaUrl,
  ProductDetail,
  SkuView,
  SpecDimensionSchema,
} from './catalog';
import { access, defineRoute, Fen, Id, PageQuery, pageOf } from './route';

const iconUrl = MediaUrl.nullable().default(null);

export const CategoryInput = z.object({
  name: z.string().trim().min(1).max(40),
  parentId: Id.nullable().default(null),
  iconUrl,
  sortOrder: z.number().int().min(-10_000).max(10_000).default(0),
});

export const adminListCategories = defineRoute({
  method: 'GET',
  path: '/api/admin/categories',
  summary: 'The category tree',
  tags: ['admin'],
  access: access.admin('catalog:read'),
  response: z.array(CategoryNode),
});

export const adminCreateCategory = defineRoute({
  method: 'POST',
  path: '/api/admin/categories',
  summary: 'Create a category under a parent (or at the root)',
  tags: ['admin'],
  access: access.admin('catalog:write'),
  body: CategoryInput,
  response: CategoryNode,
  status: 201,
});

export const adminUpdateCategory = defineRoute({
  method: 'PUT',
  path: '/api/admin/categories/:id',
  summary: 'Rename, re-icon, reorder or move a category (a move under its own subtree is refused)',
  tags: ['admin'],
  access: access.admin('catalog:write'),
  params: z.object({ id: Id }),
  body: CategoryInput,
  response: CategoryNode,
});

export const adminDeleteCategory = defineRoute({
  method: 'DELETE',
  path: '/api/admin/categories/:id',
  summary: 'Delete a category that has no children and no products',
  tags: ['admin'],
  access: access.admin('catalog:write'),
  params: z.object({ id: Id }),
  status: 204,
});

const optionalTime = z.iso.datetime({ offset: true }).nullable().default(null);

export const adminScheduleProduct = defineRoute({
  method: 'PUT',
  path: '/api/admin/products/:id/schedule',
  summary:
    'Set the on-sale and off-sale times. With onSaleAt the product becomes scheduled (hidden) or pre_sale ' +
    '(visible, not yet purchasable) until then; a new schedule supersedes the old one',
  tags: ['admin'],
  access: access.admin('catalog:write'),
  params: z.object({ id: Id }),
  body: z
    .object({
      onSaleAt: optionalTime,
      offSaleAt: optionalTime,
      presale: z.boolean().default(false),
      reason: z.string().trim().max(200).optional(),
    })
    .refine((b) => !b.onSaleAt || !b.offSaleAt || Date.parse(b.offSaleAt) > Date.parse(b.onSaleAt), {
      message: 'must be after onSaleAt',
      path: ['offSaleAt'],
    }),
  response: z.object({
    id: z.number().int(),
    status: z.enum(PRODUCT_STATUSES),
    onSaleAt: z.string().nullable(),
    offSaleAt: z.string().nullable(),
  }),
});

export const adminBatchProductStatus = defineRoute({
  method: 'POST',
  path: '/api/admin/products/batch-status',
  summary: 'Put many products on or off sale at once: all or nothing, already-there products are left as they are',
  tags: ['admin'],
  access: access.admin('catalog:write'),
  body: z.object({
    ids: z
      .array(Id)
      .min(1)
      .max(500)
      .refine((ids) => new Set(ids).size === ids.length, 'ids must be unique'),
    status: z.enum(['on_sale', 'off_sale']),
    reason: z.string().trim().max(200).optional(),
  }),
  response: z.object({ changed: z.array(z.number().int()), unchanged: z.array(z.number().int()) }),
});

export const ProductStatusChangeView = z.object({
  id: z.number().int(),
  from: z.enum(PRODUCT_STATUSES).nullable(),
  to: z.enum(PRODUCT_STATUSES),
  actorType: z.enum(['admin', 'system']),
  actor: z.string(),
  reason: z.string(),
  at: z.string(),
});

export const adminProductStatusHistory = defineRoute({
  method: 'GET',
  path: '/api/admin/products/:id/status-history',
  summary: 'Every status change of a product, oldest first, with who and why',
  tags: ['admin'],
  access: access.admin('catalog:read'),
  params: z.object({ id: Id }),
  response: z.array(ProductStatusChangeView),
});

export const MediaView = z.object({
  url: z.string(),
  kind: z.enum(['image', 'video']),
  contentType: z.string(),
  bytes: z.number().int(),
});

export const adminUploadMedia = defineRoute({
  method: 'POST',
  path: '/api/admin/media',
  summary:
    'Upload one image (jpeg, png, gif, webp) or video (mp4) as multipart field "file"; the type is read from ' +
    'the bytes; the answer is a content-addressed URL cached for a year',
  tags: ['admin'],
  access: access.admin('catalog:write'),
  response: MediaView,
  status: 201,
});

export const BannerInput = z
  .object({
    title: z.string().trim().max(60).default(''),
    imageUrl: MediaUrl,
    linkType: z.enum(BANNER_LINK_TYPES).default('none'),
    /** product or category id, or a mini-program page path (/pages/...). */
    linkValue: z.string().trim().max(300).default(''),
    sortOrder: z.number().int().min(-10_000).max(10_000).default(0),
    startsAt: z.iso.datetime({ offset: true }).nullable().default(null),
    endsAt: z.iso.datetime({ offset: true }).nullable().default(null),
    isActive: z.boolean().default(true),
  })
  .superRefine((b, ctx) => {
    const ok =
      b.linkType === 'none' ||
      ((b.linkType === 'product' || b.linkType === 'category') && /^[1-9]\d{0,9}$/.test(b.linkValue)) ||
      (b.linkType === 'page' && /^\/(pages|subpackages)\/[\w/-]+(\?[\w=&%-]*)?$/.test(b.linkValue));
    if (!ok) ctx.addIssue({ code: 'custom', path: ['linkValue'], message: `is not a valid ${b.linkType} target` });
    if (b.startsAt && b.endsAt && Date.parse(b.endsAt) <= Date.parse(b.startsAt)) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
    }
  });

export const adminListBanners = defineRoute({
  method: 'GET',
  path: '/api/admin/banners',
  summary: 'All banners, active or not',
  tags: ['admin'],
  access: access.admin('catalog:read'),
  response: z.array(BannerView),
});

export const adminCreateBanner = defineRoute({
  method: 'POST',
  path: '/api/admin/banners',
  summary: 'Create a home page banner',
  tags: ['admin'],
  access: access.admin('catalog:write'),
  body: BannerInput,
  response: BannerView,
  status: 201,
});

export const adminUpdateBanner = defineRoute({
  method: 'PUT',
  path: '/api/admin/banners/:id',
  summary: 'Replace a banner',
  tags: ['admin'],
  access: access.admin('catalog:write'),
  params: z.object({ id: Id }),
  body: BannerInput,
  response: BannerView,
});

export const adminDeleteBanner = defineRoute({
  method: 'DELETE',
  path: '/api/admin/banners/:id',
  summary: 'Delete a banner',
  tags: ['admin'],
  access: access.admin('catalog:write'),
  params: z.object({ id: Id }),
  status: 204,
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
  /** Shipping weight in grams, for by-weight freight templates; omitted keeps the current weight. */
  weightGrams: z.number().int().min(0).max(1_000_000).optional(),
});

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
  /** The shipping-fee template (module freight); null: free shipping; omitted keeps the current one. */
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

// ---- issue 11 (finance reports): SKU cost prices ----
export const SkuCostView = z.object({
  skuId: z.number().int(),
  productId: z.number().int(),
  /** Null: not set (the profit report counts such lines as of unknown cost). */
  costFen: z.number().int().nullable(),
});
export type SkuCostView = z.infer<typeof SkuCostView>;

export const adminSetSkuCosts = defineRoute({
  method: 'PUT',
  path: '/api/admin/sku-costs',
  summary: 'Set the cost price of SKUs (fen per unit, null clears it; all or nothing; audited)',
  tags: ['admin'],
  access: access.admin('catalog:write'),
  body: z.object({
    items: z
      .array(z.object({ skuId: Id, costFen: z.number().int().min(0).max(100_000_000).nullable() }))
      .min(1)
      .max(500)
      .refine((items) => new Set(items.map((i) => i.skuId)).size === items.length, 'a SKU appears twice'),
  }),
  response: z.object({ items: z.array(SkuCostView) }),
});
