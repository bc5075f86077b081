import { z } from 'zod';
import { COUPON_TEMPLATE_STATUSES, MEMBER_COUPON_STATUSES } from '../statuses';
import { COUPON_KINDS, COUPON_SCOPES, COUPON_SOURCES, CouponRuleView, MemberCouponView } from './coupons';
import { CampaignViewStats } from './campaign-effects-admin';
import { access, defineRoute, Fen, Id, pageOf, PageQuery } from './route';

/** Validity: fixed dates (ISO date-times), or N days from the moment the member receives it. */
export const CouponValidityInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('fixed'),
    from: z.iso.datetime({ offset: true }),
    until: z.iso.datetime({ offset: true }),
  }),
  z.object({ kind: z.literal('relative'), days: z.number().int().min(1).max(3650) }),
]);
export type CouponValidityInput = z.infer<typeof CouponValidityInput>;

const couponTemplateFields = z.object({
  name: z.string().trim().min(1).max(60),
  kind: z.enum(COUPON_KINDS),
  amountOffFen: Fen.min(1).max(100_000_000).nullable().default(null),
  /** 1 to 9999 basis points off (1500 = 15% off, 8.5折). */
  percentOffBps: z.number().int().min(1).max(9_999).nullable().default(null),
  /** The most a percent coupon takes off; null = no cap. */
  maxOffFen: Fen.min(1).max(100_000_000).nullable().default(null),
  thresholdFen: Fen.min(0).max(100_000_000).default(0),
  scope: z.enum(COUPON_SCOPES).default('all'),
  scopeIds: z.array(z.number().int().positive()).max(200).default([]),
  validity: CouponValidityInput,
  /** How many coupons may be issued in all (claims, grants, gifts). */
  totalBudget: z.number().int().min(1).max(10_000_000),
  /** How many one member may hold of it (claimed or received, used or not). */
  perMemberLimit: z.number().int().min(1).max(100).default(1),
  /** Shown in the claim center (领券中心) for members to claim themselves. */
  claimable: z.boolean().default(true),
  /** Given once to every new member (member.joined). */
  newMemberGift: z.boolean().default(false),
  /** Given once to each member who reaches this level (a level perk); null = none. */
  perkLevelCode: z.string().trim().min(1).max(32).nullable().default(null),
  /** Returned to the member when the order using it is fully refunded (a cancelled order always returns it). */
  returnOnRefund: z.boolean().default(false),
  /** May be used on an order that a discount activity or 满减 already reduced (default yes). */
  stacksWithPromotions: z.boolean().default(true),
});

function checkTemplate(t: z.output<typeof couponTemplateFields>, ctx: z.RefinementCtx) {
  if (t.kind === 'amount' && t.amountOffFen === null)
    ctx.addIssue({ code: 'custom', path: ['amountOffFen'], message: 'an amount coupon needs amountOffFen' });
  if (t.kind === 'percent' && t.percentOffBps === null)
    ctx.addIssue({ code: 'custom', path: ['percentOffBps'], message: 'a percent coupon needs percentOffBps' });
  if (t.scope !== 'all' && t.scopeIds.length === 0)
    ctx.addIssue({ code: 'custom', path: ['scopeIds'], message: 'a product or category scope lists its ids' });
  if (t.validity.kind === 'fixed' && Date.parse(t.validity.until) <= Date.parse(t.validity.from))
    ctx.addIssue({ code: 'custom', path: ['validity', 'until'], message: 'must be after from' });
}

/** A template as created (draft, or active at once) and as replaced by PUT (its status moves apart). */
export const CouponTemplateInput = couponTemplateFields
  .extend({ status: z.enum(['draft', 'active']).default('active') })
  .superRefine(checkTemplate);
export type CouponTemplateInput = z.input<typeof CouponTemplateInput>;
export const CouponTemplateUpdate = couponTemplateFields.superRefine(checkTemplate);

export const CouponTemplateView = z.object({
  id: z.number().int(),
  name: z.string(),
  rule: CouponRuleView,
  validity: CouponValidityInput,
  totalBudget: z.number().int(),
  issued: z.number().int(),
  perMemberLimit: z.number().int(),
  claimable: z.boolean(),
  newMemberGift: z.boolean(),
  perkLevelCode: z.string().nullable(),
  returnOnRefund: z.boolean(),
  stacksWithPromotions: z.boolean(),
  status: z.enum(COUPON_TEMPLATE_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CouponTemplateView = z.infer<typeof CouponTemplateView>;

const TemplateParams = z.object({ id: Id });

export const adminListCouponTemplates = defineRoute({
  method: 'GET',
  path: '/api/admin/coupon-templates',
  summary: 'Coupon templates, newest first',
  tags: ['admin', 'coupons'],
  access: access.admin('coupons:read'),
  query: PageQuery.extend({ status: z.enum(COUPON_TEMPLATE_STATUSES).optional() }),
  response: pageOf(CouponTemplateView),
});
export const adminGetCouponTemplate = defineRoute({
  method: 'GET',
  path: '/api/admin/coupon-templates/:id',
  summary: 'One coupon template',
  tags: ['admin', 'coupons'],
  access: access.admin('coupons:read'),
  params: TemplateParams,
  response: CouponTemplateView,
});
export const adminCreateCouponTemplate = defineRoute({
  method: 'POST',
  path: '/api/admin/coupon-templates',
  summary: 'Create a coupon template (amount or percent off, threshold, scope, validity, budget, limits)',
  tags: ['admin', 'coupons'],
  access: access.admin('coupons:write'),
  body: CouponTemplateInput,
  response: CouponTemplateView,
  status: 201,
});
export const adminUpdateCouponTemplate = defineRoute({
  method: 'PUT',
  path: '/api/admin/coupon-templates/:id',
  summary: 'Replace a template (coupons already issued keep their validity; the budget never drops below issued)',
  tags: ['admin', 'coupons'],
  access: access.admin('coupons:write'),
  params: TemplateParams,
  body: CouponTemplateUpdate,
  response: CouponTemplateView,
});
export const adminSetCouponTemplateStatus = defineRoute({
  method: 'POST',
  path: '/api/admin/coupon-templates/:id/status',
  summary: 'Activate, pause or end a template (couponTemplateTransitions; 409 ILLEGAL_TRANSITION otherwise)',
  tags: ['admin', 'coupons'],
  access: access.admin('coupons:write'),
  params: TemplateParams,
  body: z.object({ status: z.enum(COUPON_TEMPLATE_STATUSES) }),
  response: CouponTemplateView,
});
export const adminDeleteCouponTemplate = defineRoute({
  method: 'DELETE',
  path: '/api/admin/coupon-templates/:id',
  summary: 'Delete a template nothing was issued of (409 COUPON_TEMPLATE_IN_USE otherwise: end it instead)',
  tags: ['admin', 'coupons'],
  access: access.admin('coupons:write'),
  params: TemplateParams,
});

/**
 * Who receives a grant. Listed members, or every member of a level. A member segment (会员画像) is one more kind
 * here and one more resolver in coupons/grant-audience.ts.
 */
export const CouponAudience = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('members'), memberIds: z.array(z.number().int().positive()).min(1).max(5_000) }),
  z.object({ kind: z.literal('level'), levelCode: z.string().trim().min(1).max(32) }),
]);
export type CouponAudience = z.infer<typeof CouponAudience>;

export const adminGrantCoupons = defineRoute({
  method: 'POST',
  path: '/api/admin/coupon-templates/:id/grants',
  summary:
    'Grant one coupon of a template to each member of an audience (idempotent by requestId; members at their ' +
    'limit are skipped; 409 COUPON_EXHAUSTED when the budget cannot cover the rest)',
  tags: ['admin', 'coupons'],
  access: access.admin('coupons:write'),
  params: TemplateParams,
  body: z.object({
    audience: CouponAudience,
    requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 letters, digits, _ or -'),
  }),
  response: z.object({
    granted: z.number().int(),
    /** Members who already held as many as the per-member limit allows, or are unknown. */
    skippedMemberIds: z.array(z.number().int()),
    /** true when this requestId had been granted before: nothing new was issued. */
    replayed: z.boolean(),
  }),
});

export const CouponSharerStats = z.object({
  sharerId: z.number().int(),
  claimed: z.number().int(),
  used: z.number().int(),
  gmvFen: Fen,
});

export const CouponTemplateStats = z.object({
  templateId: z.number().int(),
  totalBudget: z.number().int(),
  /** Coupons issued in all (claims, shares, grants, gifts, perks). */
  issued: z.number().int(),
  /** Of which members claimed themselves (claim center and shared links). */
  claimed: z.number().int(),
  bySource: z.record(z.enum(COUPON_SOURCES), z.number().int()),
  used: z.number().int(),
  expired: z.number().int(),
  /** 核销率: used / issued, basis points. */
  redemptionRateBps: z.number().int(),
  /** Paid amount of the orders that used one of these coupons (GMV driven). */
  gmvFen: Fen,
  /** What these coupons took off those orders. */
  savedFen: Fen,
  /** Claims from a distributor's shared link, per distributor. */
  bySharer: z.array(CouponSharerStats),
  /** Views of the template in the claim center and its shared links; conversion over coupons used. */
  views: CampaignViewStats,
});
export type CouponTemplateStats = z.infer<typeof CouponTemplateStats>;

export const adminCouponTemplateStats = defineRoute({
  method: 'GET',
  path: '/api/admin/coupon-templates/:id/stats',
  summary: 'Issued, claimed, used, 核销率, GMV driven, and per sharing distributor',
  tags: ['admin', 'coupons'],
  access: access.admin('coupons:read'),
  params: TemplateParams,
  response: CouponTemplateStats,
});

export const AdminMemberCouponView = MemberCouponView.extend({
  memberId: z.number().int(),
  sharerId: z.number().int().nullable(),
  savingFen: Fen.nullable(),
  orderPaidFen: Fen.nullable(),
});

export const adminSearchMemberCoupons = defineRoute({
  method: 'GET',
  path: '/api/admin/member-coupons',
  summary: "Members' coupons by member, template, status, order or sharing distributor",
  tags: ['admin', 'coupons'],
  access: access.admin('coupons:read'),
  query: PageQuery.extend({
    memberId: Id.optional(),
    templateId: Id.optional(),
    sharerId: Id.optional(),
    status: z.enum(MEMBER_COUPON_STATUSES).optional(),
    orderNo: z
      .string()
      .regex(/^\d{20}$/, 'must be a 20-digit order number')
      .optional(),
  }),
  response: pageOf(AdminMemberCouponView),
});
