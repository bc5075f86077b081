import { z } from 'zod';
import { access, defineRoute, Id } from './route';
import { SharingTotals, SharingDay } from './sharing';

export const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');

const RangeQuery = z.object({ from: Day.optional(), to: Day.optional() });

const RangeStats = z.object({
  from: z.string(),
  to: z.string(),
  totals: SharingTotals,
  byDay: z.array(SharingDay),
});

export const adminSharingOverall = defineRoute({
  method: 'GET',
  path: '/api/admin/sharing/stats',
  summary: 'Sharing figures of all promoters, by day',
  tags: ['sharing'],
  access: access.admin('sharing:read'),
  query: RangeQuery,
  response: RangeStats,
});

export const adminPromoterStats = defineRoute({
  method: 'GET',
  path: '/api/admin/sharing/promoters/:memberId',
  summary: "One promoter's figures, by day",
  tags: ['sharing'],
  access: access.admin('sharing:read'),
  params: z.object({ memberId: Id }),
  query: RangeQuery,
  response: RangeStats.extend({ memberId: z.number().int() }),
});

export const adminTeamSharingStats = defineRoute({
  method: 'GET',
  path: '/api/admin/sharing/teams/:memberId',
  summary: 'Figures of a promoter and their direct and second-level members together, by day',
  tags: ['sharing'],
  access: access.admin('sharing:read'),
  params: z.object({ memberId: Id }),
  query: RangeQuery,
  response: RangeStats.extend({ memberId: z.number().int(), teamSize: z.number().int() }),
});

export const adminTopPromoters = defineRoute({
  method: 'GET',
  path: '/api/admin/sharing/promoters',
  summary: 'Promoters ranked by new members, then paid amount, over a date range',
  tags: ['sharing'],
  access: access.admin('sharing:read'),
  query: RangeQuery.extend({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
  response: z.object({
    from: z.string(),
    to: z.string(),
    items: z.array(SharingTotals.extend({ memberId: z.number().int(), nickname: z.string() })),
  }),
});
