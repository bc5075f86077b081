import type { Page } from 'playwright-core';
import { click, openTab, paySucceeded, payWithWechatSandbox, visible, WAIT_MS } from './purchase-flow';

/**
 * 限时秒杀 in H5: the home page's entry, 马上抢 (with the member's default address), the page polling the ticket
 * until the order page opens, 去支付 in the sandbox; and the sold-out state a later member sees. Relies only on the
 * e2e-* classNames of the pages.
 */

/** Home → 限时秒杀: waits for the session's items. */
export async function openFlashFromHome(page: Page, baseUrl: string): Promise<void> {
  await openTab(page, baseUrl, 'pages/index/index');
  await click(visible(page, '.e2e-entry-flash').first());
  await visible(page, '.e2e-flash-item').first().waitFor({ state: 'visible', timeout: WAIT_MS });
}

/**
 * 马上抢 on the first item; the page polls the ticket and opens the order (待付款), 去支付, the sandbox cashier,
 * 支付成功. Answers the order number.
 */
export async function grabAndPay(page: Page): Promise<string> {
  const grab = visible(page, '.e2e-flash-grab').filter({ hasText: '马上抢' }).first();
  await click(grab);
  const detail = visible(page, '.e2e-order-detail').first();
  await detail.waitFor({ state: 'visible', timeout: WAIT_MS });
  await click(detail.locator('.e2e-pay-order').first());
  await visible(page, '.e2e-pay-channels').first().waitFor({ state: 'visible', timeout: WAIT_MS });
  await payWithWechatSandbox(page);
  return paySucceeded(page);
}

/** The first item shows 已抢光 and its button cannot be tapped. */
export async function soldOutShown(page: Page): Promise<boolean> {
  const button = visible(page, '.e2e-flash-sold-out').filter({ hasText: '已抢光' }).first();
  await button.waitFor({ state: 'visible', timeout: WAIT_MS });
  return (await button.getAttribute('class'))?.includes('disabled') ?? false;
}
