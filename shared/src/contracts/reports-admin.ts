import { z } from 'zod';
import { PAYMENT_CHANNELS, REPORT_EXPORT_STATUSES } from '../statuses';
import { access, defineRoute, Id } from './route';

/** Reports cover at most a year of Beijing calendar days, `from` to `to` inclusive. */
export const MAX_REPORT_DAYS = 366;

const Day = z.iso.date();

/** The filters every report takes; each report reads the ones that mean something for it. */
const ReportFilterFields = z.object({
  from: Day,
  to: Day,
  /** The payment channel (profit, income and expense). */
  channel: z.enum(PAYMENT_CHANNELS).optional(),
  /** A distributor's member id: the orders they earned commission on (profit), their own figures (settlement). */
  distributorId: Id.optional(),
  /** Profit rows per Beijing day or month. */
  groupBy: z.enum(['day', 'month']).default('day'),
  /** The journal: one account (`member:12:available`, `platform:commission_expense` ...). */
  accountCode: z
    .string()
    .regex(/^(member:\d{1,10}:[a-z_]{1,20}|platform:[a-z_]{1,40})$/)
    .optional(),
});

const DAY_MS = 86_400_000;
function checkRange(f: { from: string; to: string }, ctx: z.RefinementCtx) {
  const days = (Date.parse(f.to) - Date.parse(f.from)) / DAY_MS + 1;
  if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to is before from' });
  else if (days > MAX_REPORT_DAYS)
    ctx.addIssue({ code: 'custom', path: ['to'], message: `a report covers at most ${MAX_REPORT_DAYS} days` });
}

export const ReportFilter = ReportFilterFields.superRefine(checkRange);
export type ReportFilter = z.output<typeof ReportFilter>;

export const ProfitRow = z.object({
  /** 'YYYY-MM-DD' or 'YYYY-MM' (Beijing), or 'total'. */
  period: z.string(),
  /** Orders paid in the period. */
  orderCount: z.number().int(),
  revenueFen: z.number().int(),
  refundFen: z.number().int(),
  costFen: z.number().int(),
  commissionFen: z.number().int(),
  /** The payment channels' fees on what was paid, less their share of refunds (at REPORT_FEE_BPS_*). */
  feeFen: z.number().int(),
  /** revenue − refunds − cost − commission − fees. */
  profitFen: z.number().int(),
  /** Units sold whose SKU has no cost price set (counted at 0). */
  unknownCostUnits: z.number().int(),
});
export type ProfitRow = z.infer<typeof ProfitRow>;

export const ProfitReport = z.object({
  from: Day,
  to: Day,
  groupBy: z.enum(['day', 'month']),
  rows: z.array(ProfitRow),
  totals: ProfitRow,
});
export type ProfitReport = z.infer<typeof ProfitReport>;

export const MONEY_MOVEMENT_KINDS = [
  'payment',
  'refund',
  'commission_accrued',
  'commission_reversed',
  'payout',
  'payout_fee',
] as const;
export type MoneyMovementKind = (typeof MONEY_MOVEMENT_KINDS)[number];

export const MoneyMovementRow = z.object({
  at: z.string(),
  direction: z.enum(['in', 'out']),
  kind: z.enum(MONEY_MOVEMENT_KINDS),
  amountFen: z.number().int(),
  /** A payment's or refund's channel fee (estimated at the configured rate); 0 for the rest. */
  feeFen: z.number().int(),
  /** Where the money moved: `wechatpay`, `alipay`, `offline`, or the ledger account's code. */
  account: z.string(),
  /** out_trade_no, refund number, the ledger transaction's key, or the withdrawal number. */
  reference: z.string(),
  orderNo: z.string().nullable(),
  memberId: z.number().int().nullable(),
});
export type MoneyMovementRow = z.infer<typeof MoneyMovementRow>;

export const IncomeExpenseReport = z.object({
  items: z.array(MoneyMovementRow),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  totals: z.object({ inFen: z.number().int(), outFen: z.number().int(), feeFen: z.number().int() }),
});

export const SettlementRow = z.object({
  memberId: z.number().int(),
  cycle: z.enum(['weekly', 'monthly']),
  /** The cycle's first and last Beijing day. */
  cycleStart: Day,
  cycleEnd: Day,
  accruedFen: z.number().int(),
  releasedFen: z.number().int(),
  reversedFen: z.number().int(),
  settledFen: z.number().int(),
  withdrawnFen: z.number().int(),
});
export type SettlementRow = z.infer<typeof SettlementRow>;

export const SettlementReport = z.object({
  cycle: z.enum(['weekly', 'monthly']),
  items: z.array(SettlementRow),
  totals: SettlementRow.omit({ memberId: true, cycle: true, cycleStart: true, cycleEnd: true }),
});

export const JournalRow = z.object({
  entryId: z.number().int(),
  at: z.string(),
  transactionId: z.number().int(),
  transactionKey: z.string(),
  kind: z.string(),
  memo: z.string().nullable(),
  subject: z.string().nullable(),
  accountCode: z.string(),
  amountFen: z.number().int(),
  balanceAfterFen: z.number().int(),
});
export type JournalRow = z.infer<typeof JournalRow>;

export const REPORT_KINDS = ['income-expense', 'commission-settlement', 'profit', 'journal'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_FORMATS = ['xlsx', 'csv', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const ExportNo = z.string().regex(/^RE[0-9a-f]{20}$/);

export const ReportExportView = z.object({
  exportNo: z.string(),
  report: z.enum(REPORT_KINDS),
  format: z.enum(REPORT_FORMATS),
  filters: ReportFilterFields.partial(),
  status: z.enum(REPORT_EXPORT_STATUSES),
  /** 0–100. */
  progress: z.number().int(),
  rowCount: z.number().int(),
  /** Where the finished file is downloaded (admin token required); null until done. */
  downloadUrl: z.string().nullable(),
  error: z.string().nullable(),
  requestedBy: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ReportExportView = z.infer<typeof ReportExportView>;

export const adminProfitReport = defineRoute({
  method: 'GET',
  path: '/api/admin/reports/profit',
  summary: 'Profit by Beijing day or month: revenue − refunds − cost − commission − fees, by channel or distributor',
  tags: ['reports'],
  access: access.admin('reports:read'),
  query: ReportFilter,
  response: ProfitReport,
});

export const adminIncomeExpenseReport = defineRoute({
  method: 'GET',
  path: '/api/admin/reports/income-expense',
  summary: 'Every money movement (payments in, refunds out, commission, payouts, payout fees), oldest first',
  tags: ['reports'],
  access: access.admin('reports:read'),
  query: ReportFilterFields.extend({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(100),
  }).superRefine(checkRange),
  response: IncomeExpenseReport,
});

export const adminSettlementReport = defineRoute({
  method: 'GET',
  path: '/api/admin/reports/commission-settlement',
  summary: 'Per distributor and settlement cycle: commission accrued, released, reversed, settled and withdrawn',
  tags: ['reports'],
  access: access.admin('reports:read'),
  query: ReportFilter,
  response: SettlementReport,
});

export const adminJournalReport = defineRoute({
  method: 'GET',
  path: '/api/admin/reports/journal',
  summary: 'The ledger journal for audit (time, amount, account, transaction), a page after an entry id',
  tags: ['reports'],
  access: access.admin('reports:read'),
  query: ReportFilterFields.extend({
    afterId: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  }).superRefine(checkRange),
  response: z.object({ items: z.array(JournalRow), nextAfterId: z.number().int().nullable() }),
});

export const adminStartReportExport = defineRoute({
  method: 'POST',
  path: '/api/admin/reports/exports',
  summary:
    'Export a report as xlsx, csv or a printable html page in the background; one export per (admin, requestId): ' +
    'a double click answers the same export (audited)',
  tags: ['reports'],
  access: access.admin('reports:export'),
  body: z.object({
    report: z.enum(REPORT_KINDS),
    format: z.enum(REPORT_FORMATS),
    filters: ReportFilter,
    requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  }),
  response: ReportExportView,
  status: 202,
});

export const adminGetReportExport = defineRoute({
  method: 'GET',
  path: '/api/admin/reports/exports/:exportNo',
  summary: 'An export: its status, progress and, once done, the download link',
  tags: ['reports'],
  access: access.admin('reports:read'),
  params: z.object({ exportNo: ExportNo }),
  response: ReportExportView,
});

export const adminDownloadReportExport = defineRoute({
  method: 'GET',
  path: '/api/admin/reports/exports/:exportNo/file',
  summary: 'The finished export file (xlsx, csv or html); 409 EXPORT_NOT_READY before it is done',
  tags: ['reports'],
  access: access.admin('reports:read'),
  params: z.object({ exportNo: ExportNo }),
});
