import type { Page } from 'playwright-core';
import { click, fillInput, visible, WAIT_MS } from './purchase-flow';

/**
 * After the purchase, in H5: the order detail with its parcel and tracking timeline, 确认收货, a return of one line,
 * the return parcel, the refund; and the bank-transfer page. The admin side is driven by the test through the API.
 * Relies only on the e2e-* classNames of the pages (miniprogram/README.md).
 */

const at = (baseUrl: string, pagePath: string) => `${baseUrl.replace(/\/$/, '')}/#/${pagePath}`;

/** The modal of Taro.showModal: its 确定. */
async function confirmModal(page: Page): Promise<void> {
  await click(page.getByText('确定', { exact: true }).last());
}

export async function openOrderDetail(page: Page, baseUrl: string, orderNo: string): Promise<void> {
  await page.goto(at(baseUrl, `pages/order-detail/index?orderNo=${orderNo}`));
  await page.reload(); // a hash change alone keeps the page that was showing
  await visible(page, '.e2e-order-detail').first().waitFor({ state: 'visible', timeout: WAIT_MS });
}

/** The parcel shows as 已签收 with its tracking timeline; answers the timeline's texts, newest first. */
export async function readDeliveredParcel(page: Page): Promise<{ tracking: string; events: string[] }> {
  const parcel = visible(page, '.e2e-parcel').first();
  await parcel.locator('.e2e-parcel-status', { hasText: '已签收' }).waitFor({ state: 'visible', timeout: WAIT_MS });
  const tracking = ((await parcel.locator('.e2e-parcel-tracking').textContent()) ?? '').trim();
  const events = await parcel.locator('.timeline__context').allTextContents();
  return { tracking, events: events.map((e) => e.trim()) };
}

export async function confirmReceiptOnDetail(page: Page): Promise<void> {
  await click(visible(page, '.e2e-order-detail .e2e-confirm-receipt').first());
  await confirmModal(page);
  await visible(page, '.e2e-order-detail .e2e-order-status')
    .filter({ hasText: '已收货' })
    .first()
    .waitFor({ state: 'visible', timeout: WAIT_MS });
}

/** 申请售后 on line `lineIndex` of the order detail: 退货退款, one unit, the first reason. Answers the request number. */
export async function applyForReturn(page: Page, lineIndex = 0): Promise<string> {
  await click(visible(page, '.e2e-order-detail .e2e-apply-line-aftersale').nth(lineIndex));
  await click(visible(page, '.e2e-aftersale-kind').filter({ hasText: '退货退款' }).first());
  await click(visible(page, '.e2e-aftersale-reason').first());
  await click(visible(page, '.e2e-aftersale-submit').first());
  const no = visible(page, '.e2e-aftersale-detail .e2e-aftersale-no').first();
  await no.waitFor({ state: 'visible', timeout: WAIT_MS });
  return ((await no.textContent()) ?? '').trim();
}

export async function openAftersale(page: Page, baseUrl: string, aftersaleNo: string): Promise<void> {
  await page.goto(at(baseUrl, `subpackages/aftersales/pages/detail/index?aftersaleNo=${aftersaleNo}`));
  await page.reload();
  await visible(page, '.e2e-aftersale-detail').first().waitFor({ state: 'visible', timeout: WAIT_MS });
}

export async function aftersaleStatusIs(page: Page, label: string): Promise<void> {
  await visible(page, '.e2e-aftersale-detail .e2e-aftersale-status')
    .filter({ hasText: label })
    .first()
    .waitFor({ state: 'visible', timeout: WAIT_MS });
}

/** On an approved return (待寄回): the carrier and tracking number of the parcel sent back. */
export async function sendReturnParcel(page: Page, carrier: string, trackingNo: string): Promise<void> {
  await visible(page, '.e2e-return-address').first().waitFor({ state: 'visible', timeout: WAIT_MS });
  await fillInput(page, 'e2e-return-carrier', carrier);
  await fillInput(page, 'e2e-return-tracking', trackingNo);
  await click(visible(page, '.e2e-return-submit').first());
  await aftersaleStatusIs(page, '退货在途');
}

/** The bank-transfer page: its account number and reference as shown. */
export async function readTransferPage(page: Page): Promise<{ accountNo: string; reference: string; amount: string }> {
  const text = async (hook: string) => ((await visible(page, `.${hook}`).first().textContent()) ?? '').trim();
  await visible(page, '.e2e-transfer-reference').first().waitFor({ state: 'visible', timeout: WAIT_MS });
  return {
    accountNo: await text('e2e-transfer-account-no'),
    reference: (await text('e2e-transfer-reference')).replace(/\s+/g, ''),
    amount: await text('e2e-transfer-amount'),
  };
}

/** 上传转账凭证: the picker opens a file chooser in H5; the image goes up as multipart. */
export async function uploadTransferProof(page: Page, image: { name: string; mimeType: string; buffer: Buffer }) {
  const chooser = page.waitForEvent('filechooser', { timeout: WAIT_MS });
  await click(visible(page, '.e2e-transfer-upload').first());
  await (await chooser).setFiles(image);
  await visible(page, '.e2e-transfer-proof').filter({ hasText: '已上传' }).first().waitFor({
    state: 'visible',
    timeout: WAIT_MS,
  });
}

export async function transferStatusIs(page: Page, text: string, refresh = false): Promise<void> {
  if (refresh) await click(visible(page, '.e2e-transfer-refresh').first());
  await visible(page, '.e2e-transfer-status')
    .filter({ hasText: text })
    .first()
    .waitFor({ state: 'visible', timeout: WAIT_MS });
}
