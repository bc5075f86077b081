import { z } from 'zod';
import { PRODUCT_STATUSES } from '../statuses';
import { SPEC_RESERVED } from '../specs';
import { access, defineRoute, Fen, Id, PageQuery, pageOf } from './route';
import { PriceFields } from './pricing';
import { ViewerQuery } from './sharing';

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

/** Marketing a product takes part in now: a discount (限时折扣), 满减, a running group-buy, an open flash session. */
export const ACTIVITY_TAG_KINDS = ['discount', 'full_reduction', 'groupbuy', 'flash'] as const;
export type ActivityTagKind = (typeof ACTIVITY_TAG_KINDS)[number];

export const ActivityTag = z.object({
  kind: z.enum(ACTIVITY_TAG_KINDS),
  /** The activity, group-buy campaign or flash session (where its entry leads). */
  id: z.number().int(),
  /** What the tag reads: 限时8折, 满300减30, 3人团, 秒杀. */
  label: z.string(),
  /** A flash session that has not opened yet shows its start; live ones show when they end. */
  startsAt: z.string(),
  endsAt: z.string(),
});
export type ActivityTag = z.infer<typeof ActivityTag>;

/** What a member sees: `priceFen` is the price they pay (shared/src/pricing.ts), beside the base price. */
export const MemberSkuView = SkuView.extend(PriceFields);

/** `activities`: the live marketing tags of the product (empty for most). */
export const MemberProductSummary = ProductSummary.extend({ ...PriceFields, activities: z.array(ActivityTag) });

export type MemberProductSummary = z.infer<typeof MemberProductSummary>;

export const MemberProductDetail = ProductDetail.extend({
  ...PriceFields,
  skus: z.array(MemberSkuView),
  activities: z.array(ActivityTag),
});

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
  /** `?inviter=` of a shared product link: the views of the page's activities count for that distributor. */
  query: ViewerQuery,
  response: MemberProductDetail,
});

/** A media URL: our own path (/media/...) or http(s); nothing a browser would run (javascript:, data:). */
export const MediaUrl = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .regex(/^(\/(?!\/)|https?:\/\/)[^\s"'<>]*$/, 'must be a /path or an http(s) URL');

export const BANNER_LINK_TYPES = ['none', 'product', 'category', 'page'] as const;

export const BannerView = z.object({
  id: z.number().int(),
  title: z.string(),
  imageUrl: z.string(),
  linkType: z.enum(BANNER_LINK_TYPES),
  linkValue: z.string(),
  sortOrder: z.number().int(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  isActive: z.boolean(),
});

export const listBanners = defineRoute({
  method: 'GET',
  path: '/api/banners',
  summary: 'Home page banners active now, in sort order',
  tags: ['catalog'],
  access: access.public,
  response: z.array(BannerView),
});
