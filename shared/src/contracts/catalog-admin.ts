import { z } from 'zod';
import { PRODUCT_STATUSES } from '../statuses';
import { CategoryNode, MediaUrl } from './catalog';
import { access, defineRoute, Id } from './route';

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

export const BANNER_LINK_TYPES = ['none', 'product', 'category', 'page'] as const;

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
