import type { Page } from 'playwright-core';
import {
  click,
  fillInput,
  logIn,
  openProduct,
  openTab,
  paySucceeded,
  payWithWechatSandbox,
  pickRegion,
  pickSku,
  visible,
  WAIT_MS,
} from './purchase-flow';

const ADDRESS = { name: '李雷', phone: '13900139000', region: '浙江省 杭州市 西湖区', detail: '文三路 200 号' };

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

  await openTab(page, baseUrl, 'pages/index/index');
  const product = await openProduct(page, visible(page, '.e2e-product-card').first());
  await pickSku(page, product);
  await click(product.locator('.e2e-buy-now').first());
  await fillInput(page, 'e2e-address-name', ADDRESS.name);
  await fillInput(page, 'e2e-address-phone', ADDRESS.phone);
  await pickRegion(page, ADDRESS.region);
  await fillInput(page, 'e2e-address-detail', ADDRESS.detail);

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
