import type { Page } from 'playwright-core';
import {
  click,
  fillInput,
  openTab,
  paySucceeded,
  payWithWechatSandbox,
  pickRegion,
  visible,
  WAIT_MS,
} from './purchase-flow';

/**
 * 拼团 in H5: start a group from the home page's 拼团 entry, join one from the share card's page (the group's
 * progress page), and read a group's progress. Relies only on the e2e-* classNames of the pages.
 */

const ADDRESS = { name: '李四', phone: '13900139000', region: '浙江省 杭州市 西湖区', detail: '文一路 8 号' };
const at = (baseUrl: string, pagePath: string) => `${baseUrl.replace(/\/$/, '')}/#/${pagePath}`;

/** The confirm page reached from a campaign: a typed address, 提交订单, WeChat Pay in the sandbox, 支付成功. */
async function confirmAndPay(page: Page): Promise<string> {
  await visible(page, '.e2e-quote').first().waitFor({ state: 'visible', timeout: WAIT_MS });
  await fillInput(page, 'e2e-address-name', ADDRESS.name);
  await fillInput(page, 'e2e-address-phone', ADDRESS.phone);
  await pickRegion(page, ADDRESS.region);
  await fillInput(page, 'e2e-address-detail', ADDRESS.detail);
  await click(visible(page, '.e2e-submit-order').first());
  await visible(page, '.e2e-pay-channels').first().waitFor({ state: 'visible', timeout: WAIT_MS });
  await payWithWechatSandbox(page);
  return paySucceeded(page);
}

/** Home → 拼团 → the first campaign → 发起拼团 → confirm → pay: answers the leader's order number. */
export async function startGroup(page: Page, baseUrl: string): Promise<string> {
  await openTab(page, baseUrl, 'pages/index/index');
  await click(visible(page, '.e2e-entry-group').first());
  await click(visible(page, '.e2e-groupbuy-campaign').first());
  await visible(page, '.e2e-group-price').first().waitFor({ state: 'visible', timeout: WAIT_MS });
  await click(visible(page, '.e2e-start-group').first());
  return confirmAndPay(page);
}

/** The group's progress page (the share card's target), loaded afresh. */
export async function openGroup(page: Page, baseUrl: string, groupId: number): Promise<void> {
  await page.goto(at(baseUrl, `subpackages/groupbuy/pages/group/index?id=${groupId}`));
  await page.reload(); // a hash change alone keeps the page that was showing
  await visible(page, '.e2e-group-status').first().waitFor({ state: 'visible', timeout: WAIT_MS });
}

/** The progress page says `text` (还差 1 人成团, 拼团成功 ...); answers the seats' texts. */
export async function groupShows(page: Page, text: string): Promise<string[]> {
  await visible(page, '.e2e-group-status').filter({ hasText: text }).first().waitFor({
    state: 'visible',
    timeout: WAIT_MS,
  });
  const seats = await visible(page, '.e2e-group-member').allTextContents();
  return seats.map((s) => s.trim());
}

/**
 * From the share card's page: 我也参团 → the campaign page → 去参团 on that group → confirm → pay. Answers the
 * joiner's order number.
 */
export async function joinGroup(page: Page, baseUrl: string, groupId: number): Promise<string> {
  await openGroup(page, baseUrl, groupId);
  await groupShows(page, '还差 1 人成团');
  await click(visible(page, '.e2e-join-group').first());
  const open = visible(page, '.e2e-open-group').first();
  await click(open.locator('.nut-button', { hasText: '去参团' }).first()); // the row's only button
  return confirmAndPay(page);
}
