import type { Page } from 'playwright-core';
import { buyNowToConfirm, click, logIn, paySucceeded, payWithWechatSandbox, visible, WAIT_MS } from './purchase-flow';

/**
 * Claim and use a coupon in H5: log in, 我的 → 领券中心, 领取 (the button turns 已领取), then 立即购买 on the first
 * product: the confirm page preselects the best coupon (its row shows the saving, the quote lists it), submit, pay
 * in the sandbox cashier, see 支付成功. Answers the order number and the total the confirm page showed.
 */
export async function runCouponFlow(page: Page, baseUrl: string): Promise<{ orderNo: string; total: string }> {
  await page.goto(baseUrl);
  await logIn(page, baseUrl);
  await click(visible(page, '.e2e-mine-coupon-center').first());
  await click(visible(page, '.e2e-claim-coupon').first());
  await visible(page, '.e2e-claim-coupon')
    .filter({ hasText: '已领取' })
    .first()
    .waitFor({ state: 'visible', timeout: WAIT_MS });

  await buyNowToConfirm(page, baseUrl);

  await visible(page, '.e2e-coupon-row')
    .filter({ hasText: '-¥' })
    .first()
    .waitFor({ state: 'visible', timeout: WAIT_MS });
  await visible(page, '.e2e-quote-adjustment').first().waitFor({ state: 'visible', timeout: WAIT_MS });
  const total = ((await visible(page, '.e2e-order-total').first().textContent()) ?? '').trim();
  await click(visible(page, '.e2e-submit-order').first());
  await visible(page, '.e2e-pay-channels').first().waitFor({ state: 'visible', timeout: WAIT_MS });
  await payWithWechatSandbox(page);
  return { orderNo: await paySucceeded(page), total };
}
