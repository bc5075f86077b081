import { z } from 'zod';
import {
  MISMATCH_KINDS,
  MISMATCH_STATUSES,
  RECONCILIATION_CHANNELS,
  RECONCILIATION_RUN_STATUSES,
  REFUND_STATUSES,
  PAYMENT_STATUSES,
} from '../statuses';
import { access, defineRoute, Id, PageQuery, pageOf } from './route';

/** A bill date: the calendar day in China (Asia/Shanghai) the platform's bill covers. */
export const BillDate = z.iso.date();

const Side = z.object({
  paymentCount: z.number().int(),
  paymentFen: z.number().int(),
  refundCount: z.number().int(),
  refundFen: z.number().int(),
});

/** One channel's bill for one day compared with our payments and refunds of that day. */
export const ReconciliationRunView = z.object({
  id: z.number().int(),
  channel: z.enum(RECONCILIATION_CHANNELS),
  billDate: BillDate,
  status: z.enum(RECONCILIATION_RUN_STATUSES),
  /** Who started the latest run: the daily job or an admin (by name). */
  trigger: z.string(),
  /** How many times this date was run (a re-run replaces the result). */
  runCount: z.number().int(),
  theirs: Side,
  ours: Side,
  mismatchCount: z.number().int(),
  openMismatchCount: z.number().int(),
  /** Why a failed run failed: BILL_HASH_MISMATCH, STATEMENT_CREATING, NETWORK_ERROR, ... */
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ReconciliationRunView = z.infer<typeof ReconciliationRunView>;

export const MismatchView = z.object({
  id: z.number().int(),
  runId: z.number().int(),
  channel: z.enum(RECONCILIATION_CHANNELS),
  billDate: BillDate,
  kind: z.enum(MISMATCH_KINDS),
  /** A payment (out_trade_no) or a refund (out_refund_no / out_request_no). */
  subject: z.enum(['payment', 'refund']),
  outTradeNo: z.string(),
  refundNo: z.string().nullable(),
  /** Our payments.id / refunds.id; null when we have no such record (missing_ours). */
  paymentId: z.number().int().nullable(),
  refundId: z.number().int().nullable(),
  /** The platform's transaction id (payment) or refund id; null when the bill does not list it. */
  theirTransactionId: z.string().nullable(),
  ourAmountFen: z.number().int().nullable(),
  theirAmountFen: z.number().int().nullable(),
  ourStatus: z.enum([...PAYMENT_STATUSES, ...REFUND_STATUSES]).nullable(),
  /** As the bill says it (SUCCESS, REFUND, PROCESSING, 交易, 退款 ...). */
  theirStatus: z.string().nullable(),
  status: z.enum(MISMATCH_STATUSES),
  resolutionNote: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});
export type MismatchView = z.infer<typeof MismatchView>;

export const ReconciliationRunQuery = PageQuery.extend({
  channel: z.enum(RECONCILIATION_CHANNELS).optional(),
  status: z.enum(RECONCILIATION_RUN_STATUSES).optional(),
  from: BillDate.optional(),
  to: BillDate.optional(),
});

export const MismatchQuery = PageQuery.extend({
  runId: Id.optional(),
  channel: z.enum(RECONCILIATION_CHANNELS).optional(),
  billDate: BillDate.optional(),
  kind: z.enum(MISMATCH_KINDS).optional(),
  status: z.enum(MISMATCH_STATUSES).optional(),
  outTradeNo: z
    .string()
    .regex(/^[0-9A-Za-z_\-|*]{1,64}$/)
    .optional(),
});
export type MismatchQuery = z.input<typeof MismatchQuery>;

export const adminListReconciliationRuns = defineRoute({
  method: 'GET',
  path: '/api/admin/reconciliation/runs',
  summary: 'The reconciliation report: one row per channel and bill date, newest date first, with both sides’ sums',
  tags: ['payments'],
  access: access.admin('finance:reconcile'),
  query: ReconciliationRunQuery,
  response: pageOf(ReconciliationRunView),
});

export const adminRunReconciliation = defineRoute({
  method: 'POST',
  path: '/api/admin/reconciliation/runs',
  summary:
    'Download the channel’s bill for a date and compare it now (a re-run replaces that date’s result; resolutions ' +
    'of differences found again are kept); audited',
  tags: ['payments'],
  access: access.admin('finance:reconcile'),
  body: z.object({ channel: z.enum(RECONCILIATION_CHANNELS), billDate: BillDate }),
  response: ReconciliationRunView,
});

export const adminListMismatches = defineRoute({
  method: 'GET',
  path: '/api/admin/reconciliation/mismatches',
  summary: 'Every difference found: by run, channel, date, kind, open or resolved, order payment number',
  tags: ['payments'],
  access: access.admin('finance:reconcile'),
  query: MismatchQuery,
  response: pageOf(MismatchView),
});

export const adminExportMismatches = defineRoute({
  method: 'GET',
  path: '/api/admin/reconciliation/mismatches/export',
  summary: 'The same list as an xlsx file (at most 50,000 rows, amounts in fen and yuan); audited',
  tags: ['payments'],
  access: access.admin('finance:reconcile'),
  query: MismatchQuery.omit({ page: true, pageSize: true }),
});

export const adminResolveMismatch = defineRoute({
  method: 'POST',
  path: '/api/admin/reconciliation/mismatches/:mismatchId/resolve',
  summary: 'Mark a difference resolved with a note saying what was done (audited; a resolution is final)',
  tags: ['payments'],
  access: access.admin('finance:reconcile'),
  params: z.object({ mismatchId: Id }),
  body: z.object({ note: z.string().trim().min(2).max(500) }),
  response: MismatchView,
});
