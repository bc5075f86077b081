import type { Page } from 'playwright-core';
import { click, fillInput, logIn, visible, WAIT_MS } from './purchase-flow';

/**
 * The distributor's money pages in H5: 结算单 (confirm, dispute), 提现 (fee preview, confirmation), 提现记录 (WeChat's
 * confirm-receipt step, played by the sandbox), 资金明细, reached from the earnings center. Relies only on e2e-*
 * classNames (and the texts of Taro's modal buttons).
 */

const PAGES = 'subpackages/distribution/pages';
const at = (baseUrl: string, pagePath: string) => `${baseUrl.replace(/\/$/, '')}/#/${pagePath}`;
const text = async (page: Page, selector: string) =>
  ((await visible(page, selector).first().textContent()) ?? '').trim();

/** The sandbox stands in for wx.login with one openid per browser: make it `openid`, a member the test made. */
export async function actAsMember(page: Page, baseUrl: string, openid: string): Promise<void> {
  // Taro's H5 storage keeps {data} as JSON under the key (stores/login.ts reads `sandbox.openid`)
  await page.addInitScript((id) => localStorage.setItem('sandbox.openid', JSON.stringify({ data: id })), openid);
  await logIn(page, baseUrl);
}

/** A page of the distribution subpackage, loaded afresh (a hash change alone keeps the page that was showing). */
async function open(page: Page, baseUrl: string, pagePath: string, ready: string): Promise<void> {
  await page.goto(at(baseUrl, `${PAGES}/${pagePath}`));
  await page.reload();
  await visible(page, ready).first().waitFor({ state: 'visible', timeout: WAIT_MS });
}

export interface BalancesShown {
  frozen: string;
  settling: string;
  available: string;
}

/** The earnings center's balances once it shows the standing. */
export async function readBalances(page: Page, baseUrl: string): Promise<BalancesShown> {
  await open(page, baseUrl, 'center/index', '.e2e-standing');
  return {
    frozen: await text(page, '.e2e-balance-frozen'),
    settling: await text(page, '.e2e-balance-settling'),
    available: await text(page, '.e2e-balance-available'),
  };
}

/** Center → 结算单 → the open statement → 确认结算单 → 确定; answers the amount settled as the page shows it. */
export async function confirmOpenStatement(page: Page, baseUrl: string): Promise<{ total: string; settled: string }> {
  await readBalances(page, baseUrl);
  await click(visible(page, '.e2e-statements-entry').first());
  await click(visible(page, '.e2e-statement-open').first());
  await visible(page, '.e2e-statement-detail').first().waitFor({ state: 'visible', timeout: WAIT_MS });
  const total = await text(page, '.e2e-statement-detail .e2e-statement-total');
  await click(visible(page, '.e2e-confirm-statement').first());
  await click(page.getByText('确定', { exact: true }).last());
  await visible(page, '.e2e-statement-settled').first().waitFor({ state: 'visible', timeout: WAIT_MS });
  return { total, settled: await text(page, '.e2e-statement-settled') };
}

/** Center → 结算单 → the open statement → 提出异议, the reason, 提交异议; answers the status and reason shown. */
export async function disputeOpenStatement(
  page: Page,
  baseUrl: string,
  reason: string,
): Promise<{ status: string; reason: string }> {
  await readBalances(page, baseUrl);
  await click(visible(page, '.e2e-statements-entry').first());
  await click(visible(page, '.e2e-statement-open').first());
  await click(visible(page, '.e2e-dispute-statement').first());
  const field = visible(page, '.e2e-dispute-reason textarea').first();
  await field.waitFor({ state: 'visible', timeout: WAIT_MS });
  await field.fill(reason);
  await click(visible(page, '.e2e-submit-dispute').first());
  const shown = visible(page, '.e2e-statement-dispute-reason').first();
  await shown.waitFor({ state: 'visible', timeout: WAIT_MS });
  return {
    status: await text(page, '.e2e-statement-detail .e2e-statement-status'),
    reason: ((await shown.textContent()) ?? '').trim(),
  };
}

export interface WithdrawalAsked {
  fee: string;
  net: string;
  status: string;
  withdrawalNo: string;
}

/**
 * Center → 提现: types `amountYuan`, waits for the server's fee preview, picks WeChat, submits and confirms;
 * answers what the preview said and the new row of 提现记录.
 */
export async function requestWechatWithdrawal(
  page: Page,
  baseUrl: string,
  amountYuan: string,
): Promise<WithdrawalAsked> {
  await readBalances(page, baseUrl);
  await click(visible(page, '.e2e-withdraw-entry').first());
  await visible(page, '.e2e-withdraw').first().waitFor({ state: 'visible', timeout: WAIT_MS });
  await fillInput(page, 'e2e-withdraw-amount', amountYuan);
  await visible(page, '.e2e-withdraw-preview').first().waitFor({ state: 'visible', timeout: WAIT_MS });
  const fee = await text(page, '.e2e-withdraw-fee');
  const net = await text(page, '.e2e-withdraw-net');
  await click(visible(page, '.e2e-withdraw-channel-wechat').first());
  await click(visible(page, '.e2e-withdraw-submit').first());
  await click(page.getByText('确定', { exact: true }).last());
  const row = visible(page, '.e2e-withdrawal').first();
  await row.waitFor({ state: 'visible', timeout: WAIT_MS });
  return {
    fee,
    net,
    status: ((await row.locator('.e2e-withdrawal-status').textContent()) ?? '').trim(),
    withdrawalNo: ((await row.locator('.e2e-withdrawal-no').textContent()) ?? '').trim(),
  };
}

/** 提现记录: the row of `withdrawalNo` and its status label. */
export async function withdrawalStatus(page: Page, baseUrl: string, withdrawalNo: string): Promise<string> {
  await open(page, baseUrl, 'withdrawals/index', '.e2e-withdrawal');
  const row = visible(page, '.e2e-withdrawal').filter({ hasText: withdrawalNo }).first();
  return ((await row.locator('.e2e-withdrawal-status').textContent()) ?? '').trim();
}

/** 确认收款 on the row, then the sandbox's stand-in for WeChat's confirm page; waits for 已到账. */
export async function confirmTransferReceipt(page: Page, baseUrl: string, withdrawalNo: string): Promise<void> {
  await open(page, baseUrl, 'withdrawals/index', '.e2e-withdrawal');
  const row = visible(page, '.e2e-withdrawal').filter({ hasText: withdrawalNo }).first();
  await click(row.locator('.e2e-confirm-transfer'));
  await click(page.getByText('确认收到', { exact: true }).last());
  await row.locator('.e2e-withdrawal-status', { hasText: '已到账' }).waitFor({ state: 'visible', timeout: WAIT_MS });
}

export interface LedgerLine {
  title: string;
  amount: string;
  account: string;
}

/** 资金明细 of one account (or all), newest first, as the page lists them. */
export async function readLedger(
  page: Page,
  baseUrl: string,
  tab: 'all' | 'available' | 'frozen' | 'settling',
): Promise<LedgerLine[]> {
  await open(page, baseUrl, 'ledger/index', '.e2e-ledger-tab-all');
  if (tab !== 'all') await click(visible(page, `.e2e-ledger-tab-${tab}`).first());
  await visible(page, `.e2e-ledger-tab-${tab}.is-active`).first().waitFor({ state: 'visible', timeout: WAIT_MS });
  const entries = visible(page, tab === 'all' ? '.e2e-ledger-entry' : `.e2e-ledger-${tab}`);
  await entries.first().waitFor({ state: 'visible', timeout: WAIT_MS });
  const lines: LedgerLine[] = [];
  for (const entry of await entries.all()) {
    const inEntry = async (selector: string) => ((await entry.locator(selector).first().textContent()) ?? '').trim();
    lines.push({
      title: await inEntry('.e2e-ledger-title'),
      amount: await inEntry('.e2e-ledger-amount'),
      account: await inEntry('.e2e-ledger-account'),
    });
  }
  return lines;
}
