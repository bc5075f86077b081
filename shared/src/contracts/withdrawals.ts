import { z } from 'zod';
import { WITHDRAWAL_CHANNELS, WITHDRAWAL_STATUSES } from '../statuses';
import { access, defineRoute, PageQuery, pageOf } from './route';

export const WithdrawalView = z.object({
  withdrawalNo: z.string(),
  /** Taken from the available balance at the request. */
  amountFen: z.number().int(),
  /** Kept by the platform at payout (bps and/or fixed, by the configuration of the day of the request). */
  feeFen: z.number().int(),
  /** What reaches the member: amountFen − feeFen. */
  netFen: z.number().int(),
  channel: z.enum(WITHDRAWAL_CHANNELS),
  status: z.enum(WITHDRAWAL_STATUSES),
  /** Bank withdrawals: the bank and the account's last four digits. */
  bankName: z.string().nullable(),
  accountMasked: z.string().nullable(),
  /** Why it was rejected or why the payout failed. */
  reason: z.string().nullable(),
  /** WeChat transfers: the bill's state at WeChat Pay (WAIT_USER_CONFIRM, SUCCESS, FAIL ...). */
  transferState: z.string().nullable(),
  requestedAt: z.string(),
  paidAt: z.string().nullable(),
});
export type WithdrawalView = z.infer<typeof WithdrawalView>;

export const WithdrawalPreview = z.object({
  amountFen: z.number().int(),
  feeFen: z.number().int(),
  netFen: z.number().int(),
  minFen: z.number().int(),
  feeBps: z.number().int(),
  feeFixedFen: z.number().int(),
  availableFen: z.number().int(),
  /** Today (Beijing time) so far, and the daily limits. */
  todayCount: z.number().int(),
  todayAmountFen: z.number().int(),
  dailyCount: z.number().int(),
  dailyAmountFen: z.number().int(),
  /** null when this amount can be asked now; else the code and message the request would be refused with. */
  refusal: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type WithdrawalPreview = z.infer<typeof WithdrawalPreview>;

export const BankAccountBody = z.object({
  bankName: z.string().trim().min(2).max(40),
  /** The account holder: must be the member's real name on file. */
  accountName: z.string().trim().min(1).max(40),
  accountNo: z
    .string()
    .transform((s) => s.replace(/\s+/g, ''))
    .pipe(z.string().regex(/^\d{10,30}$/, 'a bank account number is 10 to 30 digits')),
});

export const RequestWithdrawalBody = z
  .object({
    amountFen: z.number().int().positive(),
    channel: z.enum(WITHDRAWAL_CHANNELS),
    bank: BankAccountBody.optional(),
  })
  .superRefine((b, ctx) => {
    if (b.channel === 'bank' && !b.bank)
      ctx.addIssue({ code: 'custom', path: ['bank'], message: 'a bank withdrawal needs the bank account' });
    if (b.channel === 'wechat' && b.bank)
      ctx.addIssue({ code: 'custom', path: ['bank'], message: 'a WeChat withdrawal takes no bank account' });
  });

export const requestWithdrawal = defineRoute({
  method: 'POST',
  path: '/api/withdrawals',
  summary:
    'Ask for a withdrawal (header Idempotency-Key required): the first answer is replayed for the same key and body, the same key with another body is 409 IDEMPOTENCY_KEY_REUSED',
  tags: ['withdrawals'],
  access: access.member,
  body: RequestWithdrawalBody,
  response: WithdrawalView,
  status: 201,
});

export const previewWithdrawal = defineRoute({
  method: 'GET',
  path: '/api/withdrawals/preview',
  summary: 'The fee, the net amount and the limits for an amount, and whether it can be asked now',
  tags: ['withdrawals'],
  access: access.member,
  query: z.object({ amountFen: z.coerce.number().int().positive() }),
  response: WithdrawalPreview,
});

export const listMyWithdrawals = defineRoute({
  method: 'GET',
  path: '/api/withdrawals',
  summary: "The member's withdrawals, newest first",
  tags: ['withdrawals'],
  access: access.member,
  query: PageQuery,
  response: pageOf(WithdrawalView),
});

export const WithdrawalNo = z.string().regex(/^W\d{8}[0-9A-Z]{8}$/, 'is not a withdrawal number');
const WithdrawalNoParams = z.object({ withdrawalNo: WithdrawalNo });

export const getMyWithdrawal = defineRoute({
  method: 'GET',
  path: '/api/withdrawals/:withdrawalNo',
  summary: 'One of my withdrawals (404 for anyone else)',
  tags: ['withdrawals'],
  access: access.member,
  params: WithdrawalNoParams,
  response: WithdrawalView,
});

export const WithdrawalTransferView = z.object({
  withdrawalNo: z.string(),
  /** WeChat Pay's bill state; the confirm page opens only in WAIT_USER_CONFIRM (or TRANSFERING). */
  state: z.string(),
  /** wx.requestMerchantTransfer({ mchId, appId, package }) */
  mchId: z.string(),
  appId: z.string(),
  package: z.string().nullable(),
});

export const getWithdrawalTransfer = defineRoute({
  method: 'GET',
  path: '/api/withdrawals/:withdrawalNo/transfer',
  summary: 'What the mini-program passes to wx.requestMerchantTransfer to confirm receipt (WeChat withdrawals)',
  tags: ['withdrawals'],
  access: access.member,
  params: WithdrawalNoParams,
  response: WithdrawalTransferView,
});

export const syncWithdrawal = defineRoute({
  method: 'POST',
  path: '/api/withdrawals/:withdrawalNo/sync',
  summary: 'After the confirm page: ask WeChat Pay for the bill and apply its state (the page itself proves nothing)',
  tags: ['withdrawals'],
  access: access.member,
  params: WithdrawalNoParams,
  response: WithdrawalView,
});

export const wechatTransferNotify = defineRoute({
  method: 'POST',
  path: '/api/withdrawals/wechat/notify',
  summary: 'WeChat Pay MCHTRANSFER.BILL.FINISHED notification; 204 acknowledges, 4xx/5xx {code:FAIL} refuses',
  tags: ['withdrawals'],
  access: access.platform('wechatpay'),
  status: 204,
});

/**
 * Sandbox: the member on WeChat's confirm-receipt page (H5 has no wx.requestMerchantTransfer). Served by the
 * WeChat Pay sandbox router; `outBillNo` is the withdrawal number. The sandbox then sends the signed notification.
 */
export const sandboxTransferOutcome = defineRoute({
  method: 'POST',
  path: '/sandbox/wechatpay/transfers/:outBillNo/outcome',
  summary: 'Sandbox: the member confirms (success) or the transfer fails, as on WeChat’s confirm page',
  tags: ['sandbox'],
  access: access.sandbox,
  params: z.object({ outBillNo: WithdrawalNo }),
  body: z.object({
    outcome: z.enum(['success', 'fail']),
    failReason: z.string().optional(),
    notify: z.boolean().optional(),
  }),
  response: z.object({ state: z.string(), notified: z.boolean() }),
});
