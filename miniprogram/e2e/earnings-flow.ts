import type { Page } from 'playwright-core';
import { click, logIn, openTab, visible, WAIT_MS } from './purchase-flow';

/**
 * The earnings center (分销中心) in H5: opened from 我的, the standing and its apply button, the balances, and the
 * commission list with its status tabs. Relies only on e2e-* classNames.
 */

/** Logs in on 我的 and answers the member's own invite code (what their share links carry). */
export async function readInviteCode(page: Page, baseUrl: string): Promise<string> {
  await page.goto(baseUrl);
  await logIn(page, baseUrl);
  const code = visible(page, '.e2e-invite-code').first();
  await code.waitFor({ state: 'visible', timeout: WAIT_MS });
  return ((await code.textContent()) ?? '').trim();
}

/** 我的 → 分销中心, waiting for the standing to show; answers its key (can_apply, applied, active, ...). */
export async function openEarningsCenter(page: Page, baseUrl: string): Promise<string> {
  await openTab(page, baseUrl, 'pages/mine/index');
  await click(visible(page, '.e2e-mine-distribution').first());
  return standingShown(page);
}

async function standingShown(page: Page): Promise<string> {
  const standing = visible(page, '.e2e-standing').first();
  await standing.waitFor({ state: 'visible', timeout: WAIT_MS });
  const key = /e2e-standing-([a-z_]+)/.exec((await standing.getAttribute('class')) ?? '')?.[1];
  if (!key) throw new Error('the earnings center shows no standing');
  return key;
}

/** 申请成为分销员, then the standing reads 审核中. */
export async function applyForDistributorship(page: Page): Promise<string> {
  await click(visible(page, '.e2e-apply-distributor').first());
  await visible(page, '.e2e-standing-applied').first().waitFor({ state: 'visible', timeout: WAIT_MS });
  return ((await visible(page, '.e2e-standing-label').first().textContent()) ?? '').trim();
}

/** Opens the center afresh (it loads on show) and waits for `standing`. */
export async function reloadEarningsCenter(page: Page, standing: string): Promise<void> {
  await page.reload();
  await visible(page, `.e2e-standing-${standing}`).first().waitFor({ state: 'visible', timeout: WAIT_MS });
}

export interface CommissionShown {
  frozen: string;
  available: string;
  hasOwed: boolean;
  level: string;
  rate: string;
  amount: string;
  status: string;
}

/** The balances, and the commission card of `orderNo` as the list shows it. */
export async function readCommission(page: Page, orderNo: string): Promise<CommissionShown> {
  const card = visible(page, '.e2e-commission').filter({ hasText: orderNo }).first();
  await card.waitFor({ state: 'visible', timeout: WAIT_MS });
  const text = async (selector: string) => ((await visible(page, selector).first().textContent()) ?? '').trim();
  const inCard = async (selector: string) => ((await card.locator(selector).first().textContent()) ?? '').trim();
  return {
    frozen: await text('.e2e-balance-frozen'),
    available: await text('.e2e-balance-available'),
    hasOwed: (await visible(page, '.e2e-balance-owed').count()) > 0,
    level: await inCard('.e2e-commission-level'),
    rate: await inCard('.e2e-commission-rate'),
    amount: await inCard('.e2e-commission-amount'),
    status: await inCard('.e2e-commission-status'),
  };
}

/**
 * A status tab of the list: answers how many commission cards it shows once loaded (0 when it says 暂无佣金记录).
 */
export async function showCommissionTab(page: Page, tab: 'all' | 'frozen' | 'released' | 'reversed'): Promise<number> {
  await click(visible(page, `.e2e-commission-tab-${tab}`).first());
  await visible(page, `.e2e-commission-tab-${tab}.is-active`).first().waitFor({ state: 'visible', timeout: WAIT_MS });
  const cards = visible(page, '.e2e-commission');
  const empty = visible(page, '.e2e-commissions-empty').first();
  await Promise.race([
    cards.first().waitFor({ state: 'visible', timeout: WAIT_MS }),
    empty.waitFor({ state: 'visible', timeout: WAIT_MS }),
  ]);
  return (await empty.isVisible()) ? 0 : cards.count();
}
