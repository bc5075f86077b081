import { z } from 'zod';
import { access, defineRoute, Fen, Id, PageQuery, pageOf } from './route';

const Days = z.number().int().min(1).max(3_650);
const Tag = z.string().trim().min(1).max(16);

/**
 * 会员画像: what a member must match to be in the segment. Every rule given must hold (AND); a rule left out
 * matches everyone. Spend and frequency count paid orders (net of refunds; a fully refunded order counts for
 * nothing) within `windowDays`, or ever when null.
 */
export const SegmentRules = z
  .object({
    windowDays: Days.nullable().default(null),
    minSpendFen: Fen.min(0).nullable().default(null),
    maxSpendFen: Fen.min(0).nullable().default(null),
    minOrders: z.number().int().min(0).nullable().default(null),
    maxOrders: z.number().int().min(0).nullable().default(null),
    /** Recency: paid an order within this many days. */
    paidWithinDays: Days.nullable().default(null),
    /** Recency: no paid order for this many days (never bought counts as lapsed). */
    inactiveForDays: Days.nullable().default(null),
    /** The member's level is one of these codes. */
    levelCodes: z.array(z.string().min(1).max(16)).max(10).default([]),
    /** The default address's region starts with one of these (e.g. 浙江, 北京市 海淀区). */
    regions: z.array(z.string().trim().min(1).max(32)).max(50).default([]),
    /** referred: joined with a referrer (share card, code); organic: no referrer. */
    referralSource: z.enum(['referred', 'organic']).nullable().default(null),
    /** The member carries at least one of these tags. */
    tags: z.array(Tag).max(20).default([]),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.minSpendFen !== null && r.maxSpendFen !== null && r.maxSpendFen < r.minSpendFen) {
      ctx.addIssue({ code: 'custom', path: ['maxSpendFen'], message: 'below minSpendFen' });
    }
    if (r.minOrders !== null && r.maxOrders !== null && r.maxOrders < r.minOrders) {
      ctx.addIssue({ code: 'custom', path: ['maxOrders'], message: 'below minOrders' });
    }
  });

export type SegmentRules = z.output<typeof SegmentRules>;

export const SegmentInput = z
  .object({
    name: z.string().trim().min(1).max(32),
    description: z.string().trim().max(200).default(''),
    rules: SegmentRules,
  })
  .strict();

export type SegmentInput = z.input<typeof SegmentInput>;

export const SegmentView = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  rules: SegmentRules,
  /** Members at the last computation (null: never computed). */
  memberCount: z.number().int().nullable(),
  computedAt: z.string().nullable(),
  /** When an admin last asked for a computation (it runs on the segments queue). */
  requestedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type SegmentView = z.infer<typeof SegmentView>;

export const SegmentMemberView = z.object({
  memberId: z.number().int(),
  nickname: z.string(),
  levelCode: z.string(),
  levelName: z.string(),
  computedAt: z.string(),
});

const IdParams = z.object({ id: Id });

export const adminListSegments = defineRoute({
  method: 'GET',
  path: '/api/admin/segments',
  summary: 'Member segments (会员画像) with their member counts',
  tags: ['admin', 'segments'],
  access: access.admin('segments:read'),
  query: PageQuery,
  response: pageOf(SegmentView),
});

export const adminGetSegment = defineRoute({
  method: 'GET',
  path: '/api/admin/segments/:id',
  summary: 'One segment',
  tags: ['admin', 'segments'],
  access: access.admin('segments:read'),
  params: IdParams,
  response: SegmentView,
});

export const adminCreateSegment = defineRoute({
  method: 'POST',
  path: '/api/admin/segments',
  summary: 'Define a segment by spend, recency, frequency, level, region, referral source and tags; computed at once',
  tags: ['admin', 'segments'],
  access: access.admin('segments:write'),
  body: SegmentInput,
  response: SegmentView,
  status: 201,
});

export const adminUpdateSegment = defineRoute({
  method: 'PUT',
  path: '/api/admin/segments/:id',
  summary: 'Replace a segment definition; recomputed at once',
  tags: ['admin', 'segments'],
  access: access.admin('segments:write'),
  params: IdParams,
  body: SegmentInput,
  response: SegmentView,
});

export const adminDeleteSegment = defineRoute({
  method: 'DELETE',
  path: '/api/admin/segments/:id',
  summary: 'Delete a segment and its membership',
  tags: ['admin', 'segments'],
  access: access.admin('segments:write'),
  params: IdParams,
});

export const adminComputeSegment = defineRoute({
  method: 'POST',
  path: '/api/admin/segments/:id/compute',
  summary: 'Compute the segment now (a job on the segments queue; the nightly run computes every segment)',
  tags: ['admin', 'segments'],
  access: access.admin('segments:write'),
  params: IdParams,
  response: SegmentView,
  status: 202,
});

export const adminSegmentMembers = defineRoute({
  method: 'GET',
  path: '/api/admin/segments/:id/members',
  summary: 'The members of a segment at its last computation, paged',
  tags: ['admin', 'segments'],
  access: access.admin('segments:read'),
  params: IdParams,
  query: PageQuery,
  response: pageOf(SegmentMemberView),
});

export const MemberTagsView = z.object({ memberId: z.number().int(), tags: z.array(z.string()) });

export const adminGetMemberTags = defineRoute({
  method: 'GET',
  path: '/api/admin/member-tags/:memberId',
  summary: "A member's tags (segments match them)",
  tags: ['admin', 'segments'],
  access: access.admin('segments:read'),
  params: z.object({ memberId: Id }),
  response: MemberTagsView,
});

export const adminSetMemberTags = defineRoute({
  method: 'PUT',
  path: '/api/admin/member-tags/:memberId',
  summary: "Replace a member's tags",
  tags: ['admin', 'segments'],
  access: access.admin('segments:write'),
  params: z.object({ memberId: Id }),
  body: z.object({ tags: z.array(Tag).max(20) }).strict(),
  response: MemberTagsView,
});
