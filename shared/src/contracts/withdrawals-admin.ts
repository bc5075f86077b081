import { z } from 'zod';
import { RISK_ALERT_KINDS, RISK_ALERT_STATUSES, WITHDRAWAL_CHANNELS, WITHDRAWAL_STATUSES } from '../statuses';
import { access, defineRoute, PageQuery, pageOf } from './route';
import { WithdrawalNo, WithdrawalView } from './withdrawals';

/** `B` + the Beijing day + six digits (bank-batches.ts). */
const BatchNo = z.string().regex(/^B\d{14}$/, 'is not a batch number');

export const AdminWithdrawalView = WithdrawalView.extend({
  memberId: z.number().int(),
  /** Above the dual-review threshold two different admins approve. */
  needsTwo: z.boolean(),
  firstReviewer: z.string().nullable(),
  secondReviewer: z.string().nullable(),
  transferBillNo: z.string().nullable(),
  batchNo: z.string().nullable(),
});

export const adminListWithdrawals = defineRoute({
  method: 'GET',
  path: '/api/admin/withdrawals',
  summary: 'The withdrawal review queue and history, oldest first',
  tags: ['admin-withdrawals'],
  access: access.admin('withdrawals:read'),
  query: PageQuery.extend({
    status: z.enum(WITHDRAWAL_STATUSES).optional(),
    channel: z.enum(WITHDRAWAL_CHANNELS).optional(),
    memberId: z.coerce.number().int().positive().optional(),
  }),
  response: pageOf(AdminWithdrawalView),
});

export const adminReviewWithdrawal = defineRoute({
  method: 'POST',
  path: '/api/admin/withdrawals/:withdrawalNo/review',
  summary:
    'Approve (above the threshold a second, different admin approves too: 409 SECOND_REVIEWER_REQUIRED) or reject with a reason (the amount goes back to the available balance)',
  tags: ['admin-withdrawals'],
  access: access.admin('withdrawals:review'),
  params: z.object({ withdrawalNo: WithdrawalNo }),
  body: z.object({ action: z.enum(['approve', 'reject']), reason: z.string().trim().min(1).max(200).optional() }),
  response: AdminWithdrawalView,
});

export const adminSyncWithdrawal = defineRoute({
  method: 'POST',
  path: '/api/admin/withdrawals/:withdrawalNo/sync',
  summary: 'Ask WeChat Pay for the transfer bill now and apply its state',
  tags: ['admin-withdrawals'],
  access: access.admin('withdrawals:review'),
  params: z.object({ withdrawalNo: WithdrawalNo }),
  response: AdminWithdrawalView,
});

export const adminCancelWithdrawalTransfer = defineRoute({
  method: 'POST',
  path: '/api/admin/withdrawals/:withdrawalNo/cancel-transfer',
  summary:
    'Withdraw (撤销) a WeChat transfer still waiting for the member to confirm: the bill is cancelled at WeChat Pay and the amount goes back to the member (409 TRANSFER_NOT_CANCELLABLE once it moved on)',
  tags: ['admin-withdrawals'],
  access: access.admin('withdrawals:review'),
  params: z.object({ withdrawalNo: WithdrawalNo }),
  body: z.object({ reason: z.string().trim().min(2).max(200) }),
  response: AdminWithdrawalView,
});

export const BankBatchView = z.object({
  batchNo: z.string(),
  count: z.number().int(),
  totalNetFen: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  withdrawalNos: z.array(z.string()),
});

export const adminCreateBankBatch = defineRoute({
  method: 'POST',
  path: '/api/admin/withdrawals/bank-batches',
  summary: 'Put every approved bank withdrawal into a new payout batch (409 NOTHING_TO_BATCH when there is none)',
  tags: ['admin-withdrawals'],
  access: access.admin('withdrawals:review'),
  response: BankBatchView,
  status: 201,
});

export const adminBankBatchFile = defineRoute({
  method: 'GET',
  path: '/api/admin/withdrawals/bank-batches/:batchNo/file',
  summary: "The batch's payout file for the bank (xlsx or csv): account holder, account number, bank, net amount",
  tags: ['admin-withdrawals'],
  access: access.admin('withdrawals:review'),
  params: z.object({ batchNo: BatchNo }),
  query: z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') }),
});

export const adminSettleBankBatch = defineRoute({
  method: 'POST',
  path: '/api/admin/withdrawals/bank-batches/:batchNo/results',
  summary: 'What the bank did, per row: paid, or failed with the reason (the amount goes back); a per-row report',
  tags: ['admin-withdrawals'],
  access: access.admin('withdrawals:review'),
  params: z.object({ batchNo: BatchNo }),
  body: z.object({
    rows: z
      .array(
        z.object({
          withdrawalNo: WithdrawalNo,
          outcome: z.enum(['paid', 'failed']),
          reason: z.string().trim().min(1).max(200).optional(),
        }),
      )
      .min(1)
      .max(1000),
  }),
  response: z.object({
    rows: z.array(
      z.object({
        withdrawalNo: z.string(),
        ok: z.boolean(),
        status: z.enum(WITHDRAWAL_STATUSES).nullable(),
        error: z.object({ code: z.string(), message: z.string() }).nullable(),
      }),
    ),
  }),
});

// ---- fund-risk alerts (issue 11: 资金风控) ----

export const RiskAlertView = z.object({
  id: z.number().int(),
  memberId: z.number().int(),
  /** The withdrawal it holds (it cannot be approved while an alert on it is open). */
  withdrawalNo: z.string().nullable(),
  kind: z.enum(RISK_ALERT_KINDS),
  status: z.enum(RISK_ALERT_STATUSES),
  /** What tripped it: amounts in fen, counts, the other members sharing a card or phone (never the number). */
  detail: z.record(z.string(), z.unknown()),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});

export const adminListRiskAlerts = defineRoute({
  method: 'GET',
  path: '/api/admin/risk-alerts',
  summary: 'Fund-risk alerts, newest first: large amounts, high frequency, new members, shared cards or phones, spikes',
  tags: ['admin-withdrawals'],
  access: access.admin('risk:read'),
  query: PageQuery.extend({
    status: z.enum(RISK_ALERT_STATUSES).optional(),
    kind: z.enum(RISK_ALERT_KINDS).optional(),
    memberId: z.coerce.number().int().positive().optional(),
    withdrawalNo: WithdrawalNo.optional(),
  }),
  response: pageOf(RiskAlertView),
});

export const adminResolveRiskAlert = defineRoute({
  method: 'POST',
  path: '/api/admin/risk-alerts/:id/resolve',
  summary: 'Resolve an alert with a note (audited); its withdrawal can be reviewed once none of its alerts is open',
  tags: ['admin-withdrawals'],
  access: access.admin('risk:resolve'),
  params: z.object({ id: z.coerce.number().int().positive() }),
  body: z.object({ note: z.string().trim().min(2).max(200) }),
  response: RiskAlertView,
});
