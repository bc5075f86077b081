import { z } from 'zod';
import { access, defineRoute, Fen, Id } from './route';

/** How a template counts: pieces, or grams of the SKUs' shipping weight. */
export const FREIGHT_BASES = ['count', 'weight'] as const;
export type FreightBasis = (typeof FREIGHT_BASES)[number];

/**
 * One region's fee: the first `firstUnits` (pieces or grams) cost `firstFeeFen`, each further `extraUnits` or
 * part of them `extraFeeFen`. `regions` are province names (浙江, 浙江省) or 2-digit province codes (33);
 * an empty list is the template's default for every other region.
 */
export const FreightRuleInput = z.object({
  regions: z.array(z.string().trim().min(1).max(20)).max(40).default([]),
  firstUnits: z.number().int().min(1).max(1_000_000),
  firstFeeFen: Fen.min(0).max(10_000_000),
  extraUnits: z.number().int().min(1).max(1_000_000),
  extraFeeFen: Fen.min(0).max(10_000_000),
});
export type FreightRule = z.infer<typeof FreightRuleInput>;

export const FreightTemplateInput = z.object({
  name: z.string().trim().min(1).max(60),
  basis: z.enum(FREIGHT_BASES),
  /** Free shipping when the template's lines pay at least this (after discounts); null: never free. */
  freeAboveFen: Fen.min(0).max(100_000_000).nullable().default(null),
  rules: z.array(FreightRuleInput).min(1).max(40),
});
export type FreightTemplateInput = z.input<typeof FreightTemplateInput>;

export const FreightTemplateView = z.object({
  id: z.number().int(),
  name: z.string(),
  basis: z.enum(FREIGHT_BASES),
  freeAboveFen: Fen.nullable(),
  rules: z.array(FreightRuleInput),
  updatedAt: z.string(),
});
export type FreightTemplateView = z.infer<typeof FreightTemplateView>;

export const adminListFreightTemplates = defineRoute({
  method: 'GET',
  path: '/api/admin/freight-templates',
  summary: 'Shipping-fee templates',
  tags: ['admin', 'freight'],
  access: access.admin('freight:read'),
  response: z.object({ items: z.array(FreightTemplateView) }),
});
export const adminGetFreightTemplate = defineRoute({
  method: 'GET',
  path: '/api/admin/freight-templates/:id',
  summary: 'One shipping-fee template',
  tags: ['admin', 'freight'],
  access: access.admin('freight:read'),
  params: z.object({ id: Id }),
  response: FreightTemplateView,
});
export const adminCreateFreightTemplate = defineRoute({
  method: 'POST',
  path: '/api/admin/freight-templates',
  summary: 'Create a shipping-fee template (by region, by count or weight, free above a threshold)',
  tags: ['admin', 'freight'],
  access: access.admin('freight:write'),
  body: FreightTemplateInput,
  response: FreightTemplateView,
  status: 201,
});
export const adminUpdateFreightTemplate = defineRoute({
  method: 'PUT',
  path: '/api/admin/freight-templates/:id',
  summary: 'Replace a shipping-fee template',
  tags: ['admin', 'freight'],
  access: access.admin('freight:write'),
  params: z.object({ id: Id }),
  body: FreightTemplateInput,
  response: FreightTemplateView,
});
export const adminDeleteFreightTemplate = defineRoute({
  method: 'DELETE',
  path: '/api/admin/freight-templates/:id',
  summary: 'Delete a shipping-fee template (products naming it then ship free)',
  tags: ['admin', 'freight'],
  access: access.admin('freight:write'),
  params: z.object({ id: Id }),
});
