import { z } from 'zod';
import { COMMISSION_STATUSES, DISTRIBUTOR_STATUSES, STATEMENT_STATUSES } from '../statuses';
import { CommissionView, DistributorView, StatementNo, StatementView } from './distribution';
import { access, defineRoute, PageQuery, pageOf } from './route';

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
