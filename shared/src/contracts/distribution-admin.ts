import { z } from 'zod';
import { COMMISSION_STATUSES, DISTRIBUTOR_STATUSES, STATEMENT_STATUSES } from '../statuses';
import { CommissionView, DistributorView, StatementNo, StatementView } from './distribution';
import { access, defineRoute, Id, PageQuery, pageOf } from './route';

export const DISTRIBUTOR_ACTIONS = ['approve', 'reject', 'appoint', 'freeze', 'unfreeze', 'grade'] as const;

export const AdminCommissionView = CommissionView.extend({
  beneficiaryId: z.number().int(),
  buyerId: z.number().int(),
  orderLineId: z.number().int(),
});

export const adminListDistributors = defineRoute({
  method: 'GET',
  path: '/api/admin/distribution/distributors',
  summary: 'Distributors and applications, oldest application first',
  tags: ['admin-distribution'],
  access: access.admin('distribution:read'),
  query: PageQuery.extend({ status: z.enum(DISTRIBUTOR_STATUSES).optional() }),
  response: pageOf(DistributorView),
});

export const adminDecideDistributor = defineRoute({
  method: 'POST',
  path: '/api/admin/distribution/distributors/:memberId',
  summary: 'Approve or reject an application, appoint, freeze, unfreeze, or set the grade',
  tags: ['admin-distribution'],
  access: access.admin('distribution:manage'),
  params: z.object({ memberId: z.coerce.number().int().positive() }),
  body: z.object({
    action: z.enum(DISTRIBUTOR_ACTIONS),
    gradeCode: z.string().min(1).max(32).nullable().optional(),
    reason: z.string().trim().min(1).max(200).optional(),
  }),
  response: DistributorView,
});

export const adminListCommissions = defineRoute({
  method: 'GET',
  path: '/api/admin/distribution/commissions',
  summary: 'Commission search by earner, order or status',
  tags: ['admin-distribution'],
  access: access.admin('distribution:read'),
  query: PageQuery.extend({
    beneficiaryId: z.coerce.number().int().positive().optional(),
    orderNo: z.string().max(32).optional(),
    status: z.enum(COMMISSION_STATUSES).optional(),
  }),
  response: pageOf(AdminCommissionView),
});

/** The policy as JSON: its shape is checked by the compliance guard (`checkDistributionPolicy`), not here, so a
 * refused policy is answered with every reason at once. */
const PolicyBody = z.record(z.string(), z.unknown());

export const DistributionPolicyView = z.object({
  policy: PolicyBody,
  source: z.enum(['config', 'admin']),
  version: z.number().int().nullable(),
});

export const adminGetDistributionPolicy = defineRoute({
  method: 'GET',
  path: '/api/admin/distribution/policy',
  summary: 'The distribution policy in force (levels, rates, grades, qualification, cap, freeze)',
  tags: ['admin-distribution'],
  access: access.admin('distribution:read'),
  response: DistributionPolicyView,
});

export const adminSetDistributionPolicy = defineRoute({
  method: 'PUT',
  path: '/api/admin/distribution/policy',
  summary:
    'Set the policy: refused (422 POLICY_REFUSED, every reason in details.violations) with a third level, a paid or spend-threshold entry, cash per recruit or on team results, a cap above the line, or a release before the after-sales window',
  tags: ['admin-distribution'],
  access: access.admin('distribution:policy'),
  body: PolicyBody,
  response: DistributionPolicyView,
});

export const adminListStatements = defineRoute({
  method: 'GET',
  path: '/api/admin/distribution/statements',
  summary: 'Settlement statements, newest first (disputed ones to resolve)',
  tags: ['admin-distribution'],
  access: access.admin('distribution:read'),
  query: PageQuery.extend({
    memberId: z.coerce.number().int().positive().optional(),
    status: z.enum(STATEMENT_STATUSES).optional(),
  }),
  response: pageOf(StatementView),
});

export const adminCloseStatements = defineRoute({
  method: 'POST',
  path: '/api/admin/distribution/statements/close',
  summary: 'Close a cycle: a statement for every distributor with commission released before periodEnd (now, say)',
  tags: ['admin-distribution'],
  access: access.admin('distribution:settle'),
  body: z.object({ periodEnd: z.iso.datetime({ offset: true }) }),
  response: z.object({ made: z.number().int(), periodEnd: z.string() }),
});

export const adminResolveStatement = defineRoute({
  method: 'POST',
  path: '/api/admin/distribution/statements/:statementNo/resolve',
  summary: 'Resolve a disputed statement (or confirm an open one for the member), with a note',
  tags: ['admin-distribution'],
  access: access.admin('distribution:settle'),
  params: z.object({ statementNo: StatementNo }),
  body: z.object({ note: z.string().trim().min(2).max(200) }),
  response: StatementView,
});

// ---- issue 11: per-product and per-SKU commission overrides ----

export const COMMISSION_OVERRIDE_MODES = ['rate', 'fixed'] as const;

export const CommissionOverrideView = z.object({
  id: z.number().int(),
  productId: z.number().int(),
  /** null: the product's own rule, for every SKU without one of its own. */
  skuId: z.number().int().nullable(),
  mode: z.enum(COMMISSION_OVERRIDE_MODES),
  /** Per level: bps (rate) or fen per unit (fixed). */
  values: z.array(z.number().int()),
  updatedBy: z.string(),
  updatedAt: z.string(),
});

export const adminListCommissionOverrides = defineRoute({
  method: 'GET',
  path: '/api/admin/distribution/overrides',
  summary: 'Per-product and per-SKU commission overrides (a SKU’s beats its product’s, both beat the grade)',
  tags: ['admin-distribution'],
  access: access.admin('distribution:read'),
  query: PageQuery.extend({ productId: Id.optional() }),
  response: pageOf(CommissionOverrideView),
});

export const adminSetCommissionOverride = defineRoute({
  method: 'PUT',
  path: '/api/admin/distribution/overrides',
  summary:
    'Set the commission rule of a product (skuId null) or of one of its SKUs: a rate per level in bps, or fixed fen per unit per level; a third level is refused (422 COMMISSION_TOO_DEEP); the line cap still applies',
  tags: ['admin-distribution'],
  access: access.admin('distribution:policy'),
  body: z.object({
    productId: Id,
    skuId: Id.nullable().optional(),
    mode: z.enum(COMMISSION_OVERRIDE_MODES),
    // up to 5 so a third level reaches the guard and is refused with its reason, not as a shape error
    values: z.array(z.number().int().nonnegative()).min(1).max(5),
  }),
  response: CommissionOverrideView,
});

export const adminDeleteCommissionOverride = defineRoute({
  method: 'DELETE',
  path: '/api/admin/distribution/overrides/:id',
  summary: 'Remove an override: the product (or SKU) earns by its product’s rule or the grade again',
  tags: ['admin-distribution'],
  access: access.admin('distribution:policy'),
  params: z.object({ id: Id }),
  status: 204,
});
