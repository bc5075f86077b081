import { z } from 'zod';
import { COMMISSION_STATUSES, DISTRIBUTOR_STATUSES } from '../statuses';
import { access, defineRoute, PageQuery, pageOf } from './route';

export const DistributorView = z.object({
  memberId: z.number().int(),
  status: z.enum([...DISTRIBUTOR_STATUSES, 'none']),
  gradeCode: z.string().nullable(),
  reason: z.string().nullable(),
  /** Does this member earn commission now? */
  earns: z.boolean(),
});
export type DistributorView = z.infer<typeof DistributorView>;

export const CommissionView = z.object({
  id: z.number().int(),
  orderNo: z.string(),
  level: z.number().int(),
  productId: z.number().int(),
  skuId: z.number().int(),
  quantity: z.number().int(),
  linePaidFen: z.number().int(),
  rateBps: z.number().int().nullable(),
  amountFen: z.number().int(),
  reversedFen: z.number().int(),
  status: z.enum(COMMISSION_STATUSES),
  accruedAt: z.string(),
  releaseAt: z.string().nullable(),
  releasedAt: z.string().nullable(),
});
export type CommissionView = z.infer<typeof CommissionView>;

export const EarningsView = z.object({
  distributor: DistributorView,
  /** 待结算: accrued, waiting for receipt plus the after-sales window. */
  frozenFen: z.number().int(),
  /** 可提现 */
  availableFen: z.number().int(),
  /** Owed back from commission reversed after it was paid out; later releases pay it off first. */
  owedFen: z.number().int(),
  /** May the member apply now (the shop reviews applications, and they have none pending or approved)? */
  canApply: z.boolean(),
});
export type EarningsView = z.infer<typeof EarningsView>;

export const getMyEarnings = defineRoute({
  method: 'GET',
  path: '/api/distribution/me',
  summary: "The member's distributor standing and balances (frozen, available, owed)",
  tags: ['distribution'],
  access: access.member,
  response: EarningsView,
});

export const applyAsDistributor = defineRoute({
  method: 'POST',
  path: '/api/distribution/apply',
  summary: 'Apply to become a distributor (free; where the shop reviews applications)',
  tags: ['distribution'],
  access: access.member,
  response: DistributorView,
});

export const listMyCommissions = defineRoute({
  method: 'GET',
  path: '/api/distribution/commissions',
  summary: "The member's commissions, newest first",
  tags: ['distribution'],
  access: access.member,
  query: PageQuery.extend({ status: z.enum(COMMISSION_STATUSES).optional() }),
  response: pageOf(CommissionView),
});
