import { z } from 'zod';
import { CHANNELS, PRICE_RULE_KINDS } from '../pricing';
import { access, defineRoute, Fen, Id, PageQuery, pageOf } from './route';

export const ChannelName = z.enum(CHANNELS);

const Amount = {
  /** A fixed price in fen... */
  fixedPriceFen: Fen.min(1).max(100_000_000).nullable().default(null),
  /** ...or a discount off the list price, in bps (500 = 5% off). Exactly one of the two. */
  discountBps: z.number().int().min(0).max(10_000).nullable().default(null),
  skuId: Id.nullable().default(null),
  label: z.string().trim().min(1).max(16).nullable().default(null),
};

const Instant = z.iso.datetime({ offset: true });

export const PriceRuleInput = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('level'), productId: Id, levelCode: z.string().min(1).max(16), ...Amount }),
    z.object({ kind: z.literal('channel'), productId: Id, channel: ChannelName, ...Amount }),
    z.object({
      kind: z.literal('special'),
      productId: Id,
      /** null: the special price runs on every channel. */
      channel: ChannelName.nullable().default(null),
      startsAt: Instant,
      endsAt: Instant,
      ...Amount,
    }),
  ])
  .superRefine((rule, ctx) => {
    if ((rule.fixedPriceFen === null) === (rule.discountBps === null)) {
      ctx.addIssue({ code: 'custom', path: ['fixedPriceFen'], message: 'give either fixedPriceFen or discountBps' });
    }
    if (rule.kind === 'special' && Date.parse(rule.endsAt) <= Date.parse(rule.startsAt)) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'endsAt must come after startsAt' });
    }
  });

export type PriceRuleInput = z.input<typeof PriceRuleInput>;

export const PriceRuleView = z.object({
  id: z.number().int(),
  kind: z.enum(PRICE_RULE_KINDS),
  productId: z.number().int(),
  skuId: z.number().int().nullable(),
  levelCode: z.string().nullable(),
  channel: ChannelName.nullable(),
  fixedPriceFen: Fen.nullable(),
  discountBps: z.number().int().nullable(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  label: z.string().nullable(),
  updatedAt: z.string(),
});

export type PriceRuleView = z.infer<typeof PriceRuleView>;

export const adminListPriceRules = defineRoute({
  method: 'GET',
  path: '/api/admin/price-rules',
  summary: 'Price rules (level, channel, special), newest first',
  tags: ['admin', 'pricing'],
  access: access.admin('catalog:read'),
  query: PageQuery.extend({ productId: Id.optional(), kind: z.enum(PRICE_RULE_KINDS).optional() }),
  response: pageOf(PriceRuleView),
});

export const adminCreatePriceRule = defineRoute({
  method: 'POST',
  path: '/api/admin/price-rules',
  summary: 'Create a level, channel or special (time-limited) price for a product or one SKU',
  tags: ['admin', 'pricing'],
  access: access.admin('catalog:write'),
  body: PriceRuleInput,
  response: PriceRuleView,
  status: 201,
});

export const adminUpdatePriceRule = defineRoute({
  method: 'PUT',
  path: '/api/admin/price-rules/:id',
  summary: 'Replace a price rule',
  tags: ['admin', 'pricing'],
  access: access.admin('catalog:write'),
  params: z.object({ id: Id }),
  body: PriceRuleInput,
  response: PriceRuleView,
});

export const adminDeletePriceRule = defineRoute({
  method: 'DELETE',
  path: '/api/admin/price-rules/:id',
  summary: 'Delete a price rule',
  tags: ['admin', 'pricing'],
  access: access.admin('catalog:write'),
  params: z.object({ id: Id }),
});

export const PricePreview = z.object({
  productId: z.number().int(),
  channel: ChannelName,
  at: z.string(),
  skus: z.array(
    z.object({
      skuId: z.number().int(),
      specs: z.record(z.string(), z.string()),
      basePriceFen: Fen,
      /** What each level of the ladder pays, lowest rank first. */
      levels: z.array(
        z.object({
          levelCode: z.string(),
          name: z.string(),
          priceFen: Fen,
          label: z.string().nullable(),
          source: z.enum(['base', ...PRICE_RULE_KINDS]),
          ruleId: z.number().int().nullable(),
        }),
      ),
    }),
  ),
});

export type PricePreview = z.infer<typeof PricePreview>;

export const adminPreviewPrices = defineRoute({
  method: 'GET',
  path: '/api/admin/price-rules/preview',
  summary: 'What every level pays for each SKU of a product on a channel at a moment (default now)',
  tags: ['admin', 'pricing'],
  access: access.admin('catalog:read'),
  query: z.object({
    productId: Id,
    channel: ChannelName.default('weapp'),
    at: Instant.optional(),
  }),
  response: PricePreview,
});
