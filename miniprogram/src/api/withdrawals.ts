import type {
  BodyOf,
  getMyWithdrawal as withdrawalRouteContract,
  getWithdrawalTransfer as transferRouteContract,
  listMyWithdrawals as withdrawalsRouteContract,
  previewWithdrawal as previewRouteContract,
  requestWithdrawal as requestRouteContract,
  sandboxTransferOutcome as sandboxOutcomeContract,
  syncWithdrawal as syncRouteContract,
} from '@mall/shared';
import type { QueryOf } from '@mall/shared';
import { call, route } from './client';

const previewRoute = route<typeof previewRouteContract>('GET', '/api/withdrawals/preview');
const requestRoute = route<typeof requestRouteContract>('POST', '/api/withdrawals');
const withdrawalsRoute = route<typeof withdrawalsRouteContract>('GET', '/api/withdrawals');
const withdrawalRoute = route<typeof withdrawalRouteContract>('GET', '/api/withdrawals/:withdrawalNo');
const transferRoute = route<typeof transferRouteContract>('GET', '/api/withdrawals/:withdrawalNo/transfer');
const syncRoute = route<typeof syncRouteContract>('POST', '/api/withdrawals/:withdrawalNo/sync');
const sandboxOutcomeRoute = route<typeof sandboxOutcomeContract>(
  'POST',
  '/sandbox/wechatpay/transfers/:outBillNo/outcome',
);

/** The server's fee, net amount, limits and the refusal this amount would get (the page never computes the fee). */
export const previewWithdrawal = (amountFen: number) => call(previewRoute, { query: { amountFen } });

/**
 * One submission: `idempotencyKey` is made when the member confirms and reused if the same submission is sent
 * again (a retry after a lost answer replays the first withdrawal instead of making a second).
 */
export const requestWithdrawal = (body: BodyOf<typeof requestRouteContract>, idempotencyKey: string) =>
  call(requestRoute, { body, headers: { 'Idempotency-Key': idempotencyKey } });

export const listMyWithdrawals = (query: QueryOf<typeof withdrawalsRouteContract> = {}) =>
  call(withdrawalsRoute, { query });

export const getMyWithdrawal = (withdrawalNo: string) => call(withdrawalRoute, { params: { withdrawalNo } });

/** What wx.requestMerchantTransfer needs to open WeChat's confirm-receipt page. */
export const getWithdrawalTransfer = (withdrawalNo: string) => call(transferRoute, { params: { withdrawalNo } });

/** After the confirm page closed: the server asks WeChat Pay (the page's own answer proves nothing). */
export const syncWithdrawal = (withdrawalNo: string) => call(syncRoute, { params: { withdrawalNo } });

/** H5 only: the sandbox plays the member on WeChat's confirm page and sends the signed notification. */
export const confirmSandboxTransfer = (withdrawalNo: string) =>
  call(sandboxOutcomeRoute, { params: { outBillNo: withdrawalNo }, body: { outcome: 'success' } });
