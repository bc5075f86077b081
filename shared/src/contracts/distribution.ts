import { z } from 'zod';
import { COMMISSION_STATUSES, DISTRIBUTOR_STATUSES, STATEMENT_STATUSES } from '../statuses';
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
  /** 冻结中: accrued, waiting for receipt plus the after-sales window. */
  frozenFen: z.number().int(),
  /** 待确认: released into a settlement statement the member has not confirmed yet. */
  settlingFen: z.number().int(),
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

export const StatementNo = z.string().regex(/^ST[0-9]{14}M[0-9]+$/, 'is not a statement number');

export const StatementView = z.object({
  statementNo: z.string(),
  memberId: z.number().int(),
  /** The cycle it closes: commission released before this instant. */
  periodEnd: z.string(),
  /** What its lines held when it was made; what was settled when confirmed (refunds may have taken some back). */
  totalFen: z.number().int(),
  settledFen: z.number().int(),
  lineCount: z.number().int(),
  status: z.enum(STATEMENT_STATUSES),
  disputeReason: z.string().nullable(),
  confirmedBy: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type StatementView = z.infer<typeof StatementView>;

export const StatementDetailView = StatementView.extend({ lines: z.array(CommissionView) });
export type StatementDetailView = z.infer<typeof StatementDetailView>;

const statementParams = z.object({ statementNo: StatementNo });

export const listMyStatements = defineRoute({
  method: 'GET',
  path: '/api/distribution/statements',
  summary: "The member's settlement statements (结算单), newest first",
  tags: ['distribution'],
  access: access.member,
  query: PageQuery.extend({ status: z.enum(STATEMENT_STATUSES).optional() }),
  response: pageOf(StatementView),
});

export const getMyStatement = defineRoute({
  method: 'GET',
  path: '/api/distribution/statements/:statementNo',
  summary: 'One statement with its commission lines',
  tags: ['distribution'],
  access: access.member,
  params: statementParams,
  response: StatementDetailView,
});

export const confirmMyStatement = defineRoute({
  method: 'POST',
  path: '/api/distribution/statements/:statementNo/confirm',
  summary: 'Confirm a statement: what it holds becomes available to withdraw',
  tags: ['distribution'],
  access: access.member,
  params: statementParams,
  response: StatementView,
});

export const disputeMyStatement = defineRoute({
  method: 'POST',
  path: '/api/distribution/statements/:statementNo/dispute',
  summary: 'Dispute a statement, saying why; the shop resolves it',
  tags: ['distribution'],
  access: access.member,
  params: statementParams,
  body: z.object({ reason: z.string().trim().min(2).max(200) }),
  response: StatementView,
});
