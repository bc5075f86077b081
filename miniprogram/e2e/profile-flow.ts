import type { Page } from 'playwright-core';
import {
  click,
  fillInput,
  openProduct,
  openTab,
  payWithWechatSandbox,
  pickRegion,
  pickSku,
  visible,
} from './purchase-flow';

/**
 * After a first purchase (whose typed address started the address book): bind a phone on the profile page through
 * the sandbox stand-in of the getPhoneNumber button, then buy again and find the book's default already chosen.
 */
const WAIT_MS = 20_000;

export async function bindPhoneOnProfile(page: Page, baseUrl: string, phone: string): Promise<string> {
  await openTab(page, baseUrl, 'pages/mine/index');
  await click(visible(page, '.e2e-mine-profile').first());
  await fillInput(page, 'e2e-sandbox-phone', phone);
  await click(visible(page, '.e2e-bind-phone').first());
  const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  const shown = visible(page, '.e2e-profile-phone').filter({ hasText: masked }).first();
  await shown.waitFor({ state: 'visible', timeout: WAIT_MS });
  return (await shown.textContent()) ?? '';
}

/** From 我的 → 收货地址, adds an address and makes it the default; the list then shows it first, marked 默认. */
export async function addDefaultAddress(
  page: Page,
  baseUrl: string,
  address: { name: string; phone: string; region: string; detail: string },
): Promise<void> {
  await openTab(page, baseUrl, 'pages/mine/index');
  await click(visible(page, '.e2e-mine-addresses').first());
  await click(visible(page, '.e2e-address-add').first());
  await fillInput(page, 'e2e-address-name', address.name);
  await fillInput(page, 'e2e-address-phone', address.phone);
  await pickRegion(page, address.region);
  await fillInput(page, 'e2e-address-detail', address.detail);
  await click(visible(page, '.e2e-address-default').first());
  await click(visible(page, '.e2e-address-save').first());
  const first = visible(page, '.e2e-address-item').first();
  await first
    .filter({ hasText: address.name })
    .filter({ hasText: '默认' })
    .waitFor({ state: 'visible', timeout: WAIT_MS });
}

export async function buyWithDefaultAddress(page: Page, baseUrl: string, receiverName: string): Promise<void> {
  await openTab(page, baseUrl, 'pages/index/index');
  const product = await openProduct(page, visible(page, '.e2e-product-card').first());
  await pickSku(page, product);
  await click(product.locator('.e2e-buy-now').first());
  await visible(page, '.e2e-selected-address').filter({ hasText: receiverName }).first().waitFor({
    state: 'visible',
    timeout: WAIT_MS,
  });
  await click(visible(page, '.e2e-submit-order').first());
  await payWithWechatSandbox(page);
  await visible(page, '.e2e-pay-success').first().waitFor({ state: 'visible', timeout: WAIT_MS });
}
