import type { Locator, Page } from 'playwright-core';

/**
 * The whole H5 purchase path against a running server (the sandbox plays WeChat and WeChat Pay):
 * log in, open the first product, pick a SKU, buy, fill the address, submit, choose WeChat Pay, pay in the sandbox cashier,
 * see "支付成功", then find the order as 待发货 in the orders tab.
 *
 * It relies only on the e2e-* classNames of the pages (see miniprogram/README.md or the report).
 */
export const WAIT_MS = 20_000;

const ADDRESS = {
  name: '张三',
  phone: '13800138000',
  region: '浙江省 杭州市 西湖区',
  detail: '文三路 100 号 1 单元 101',
};

/** Taro renders inputs as a wrapper around a real <input>: type into the real one. */
export async function fillInput(page: Page, hook: string, value: string): Promise<void> {
  const input = page.locator(`.${hook} input`).first();
  await input.waitFor({ state: 'visible', timeout: WAIT_MS });
  await input.fill(value);
}

export async function click(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: WAIT_MS });
  await locator.click({ timeout: WAIT_MS });
}

/** 所在地区 is a cascader in H5: open it from its row, then tap the province, the city and the district. */
export async function pickRegion(page: Page, region: string): Promise<void> {
  await click(visible(page, '.e2e-address-region').first());
  const names = region.split(' ');
  for (const [level, name] of names.entries()) {
    const exact = new RegExp(`^\\s*${name}\\s*$`);
    // one pane per level, side by side: pick in this level's pane (上海市 is both a province and its city)
    const pane = page.locator('.e2e-region-cascader .nut-cascader-pane').nth(level);
    await click(pane.locator('.nut-cascader-item').filter({ hasText: exact }).first());
  }
  await page
    .locator('.e2e-address-region:visible', { hasText: region })
    .first()
    .waitFor({ state: 'visible', timeout: WAIT_MS });
}

/** The pay step: pick a channel in the sheet ('wechat' | 'alipay' | 'offline'). */
export async function chooseChannel(page: Page, channel: 'wechat' | 'alipay' | 'offline'): Promise<void> {
  await click(visible(page, `.e2e-pay-channel-${channel}`).first());
}

/** WeChat Pay in H5: the channel, then the sandbox cashier's 确认支付. */
export async function payWithWechatSandbox(page: Page): Promise<void> {
  await chooseChannel(page, 'wechat');
  await click(visible(page, '.e2e-confirm-pay').first());
}

/** Taro H5 keeps earlier pages of the stack in the DOM, hidden: only the visible one counts. */
export const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`);

export async function openTab(page: Page, baseUrl: string, tabPath: string): Promise<void> {
  await page.goto(`${baseUrl.replace(/\/$/, '')}/#/${tabPath}`);
}

export async function logIn(page: Page, baseUrl: string): Promise<void> {
  await openTab(page, baseUrl, 'pages/mine/index');
  const loginButton = visible(page, '.e2e-login').first();
  const nickname = visible(page, '.e2e-member-nickname').first();
  await Promise.race([
    loginButton.waitFor({ state: 'visible', timeout: WAIT_MS }),
    nickname.waitFor({ state: 'visible', timeout: WAIT_MS }),
  ]);
  if (await loginButton.isVisible()) await click(loginButton);
  await nickname.waitFor({ state: 'visible', timeout: WAIT_MS });
}

/**
 * Picks, in every spec group of the product page `root`, the first value that still leads to a SKU in stock.
 * Asks the page afresh after each tap (a tap can start the choice over, and a one-value group is chosen already);
 * the page shows 库存 once a SKU is chosen.
 */
export async function pickSku(page: Page, root: Locator = visible(page, '.product').last()): Promise<void> {
  const open = root.locator('.e2e-sku-group').filter({ hasNot: page.locator('.e2e-sku-option.is-selected') });
  for (let taps = 0; (await open.count()) > 0; taps += 1) {
    if (taps > 10) throw new Error('the spec groups never all got a value');
    const group = open.first();
    const option = group.locator('.e2e-sku-option:not(.is-disabled):not(.is-clashing)').first();
    if ((await option.count()) === 0) {
      const label = ((await group.locator('.sku-picker__label').textContent()) ?? '').trim();
      throw new Error(`spec group "${label}" has no value in stock`);
    }
    await click(option);
    await group.locator('.e2e-sku-option.is-selected').first().waitFor({ state: 'attached', timeout: WAIT_MS });
  }
  await root.locator('.e2e-sku-stock', { hasText: '库存' }).first().waitFor({ state: 'visible', timeout: WAIT_MS });
}

/**
 * Opens the product card `card` and waits for that product's page (by its name: Taro H5 keeps earlier pages of the
 * stack in the DOM, and a page on its way out can still be visible): answers the page's root.
 */
export async function openProduct(page: Page, card: Locator): Promise<Locator> {
  const name = ((await card.locator('.e2e-product-name').first().textContent()) ?? '').trim();
  await click(card);
  const root = visible(page, '.product').filter({
    has: page.locator('.e2e-product-title', { hasText: new RegExp(`^\\s*${escapeRegExp(name)}\\s*$`) }),
  });
  await root.locator('.e2e-sku-group, .e2e-sku-stock').first().waitFor({ state: 'visible', timeout: WAIT_MS });
  return root.last();
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** 立即购买 on the first product of the home page (logged in), and a typed address: ends on the confirm page. */
export async function buyNowToConfirm(page: Page, baseUrl: string): Promise<void> {
  await openTab(page, baseUrl, 'pages/index/index');
  const product = await openProduct(page, visible(page, '.e2e-product-card').first());
  await pickSku(page, product);
  await click(product.locator('.e2e-buy-now').first());

  await fillInput(page, 'e2e-address-name', ADDRESS.name);
  await fillInput(page, 'e2e-address-phone', ADDRESS.phone);
  await pickRegion(page, ADDRESS.region);
  await fillInput(page, 'e2e-address-detail', ADDRESS.detail);
}

/** 立即购买 on the first product of the home page, a typed address, 提交订单: ends on the pay step's channel sheet. */
export async function buyNowToPayStep(page: Page, baseUrl: string): Promise<void> {
  await page.goto(baseUrl);
  await logIn(page, baseUrl);
  await buyNowToConfirm(page, baseUrl);
  await click(visible(page, '.e2e-submit-order').first());
  await visible(page, '.e2e-pay-channels').first().waitFor({ state: 'visible', timeout: WAIT_MS });
}

/** Opens product card `index` of the home page and adds its first buyable SKU to the cart. */
export async function addProductToCart(page: Page, baseUrl: string, index: number): Promise<void> {
  await openTab(page, baseUrl, 'pages/index/index');
  const product = await openProduct(page, visible(page, '.e2e-product-card').nth(index));
  await pickSku(page, product);
  const added = page.waitForResponse(
    (res) => res.url().endsWith('/api/cart/items') && res.request().method() === 'POST',
    { timeout: WAIT_MS },
  );
  await click(product.locator('.e2e-add-cart').first());
  const res = await added;
  if (res.status() !== 201) throw new Error(`add to cart answered ${res.status()}`);
}

/**
 * Two products into the cart, the 购物车 tab shows both selected, 结算, the confirm page shows the server's quote
 * for both lines, a typed address, 提交订单: ends on the pay step's channel sheet. Answers the quoted total shown.
 */
export async function cartToPayStep(page: Page, baseUrl: string): Promise<{ total: string }> {
  await page.goto(baseUrl);
  await logIn(page, baseUrl);
  await addProductToCart(page, baseUrl, 0);
  await addProductToCart(page, baseUrl, 1);

  await openTab(page, baseUrl, 'pages/cart/index');
  await page.reload(); // the tab page refreshes on show; a reload makes sure it is the fresh one
  const lines = visible(page, '.e2e-cart-line');
  await lines.nth(1).waitFor({ state: 'visible', timeout: WAIT_MS });
  if ((await visible(page, '.e2e-cart-select.is-checked').count()) < 2) {
    await click(visible(page, '.e2e-cart-select-all').first());
    await visible(page, '.e2e-cart-select.is-checked').nth(1).waitFor({ state: 'visible', timeout: WAIT_MS });
  }
  await click(visible(page, '.e2e-cart-settle').first());

  await visible(page, '.e2e-quote').first().waitFor({ state: 'visible', timeout: WAIT_MS });
  await visible(page, '.e2e-confirm-line').nth(1).waitFor({ state: 'visible', timeout: WAIT_MS });
  await fillInput(page, 'e2e-address-name', ADDRESS.name);
  await fillInput(page, 'e2e-address-phone', ADDRESS.phone);
  await pickRegion(page, ADDRESS.region);
  await fillInput(page, 'e2e-address-detail', ADDRESS.detail);
  const total = ((await visible(page, '.e2e-order-total').first().textContent()) ?? '').trim();
  await click(visible(page, '.e2e-submit-order').first());
  await visible(page, '.e2e-pay-channels').first().waitFor({ state: 'visible', timeout: WAIT_MS });
  return { total };
}

/** The pay-result page says 支付成功: answers the order number it shows. */
export async function paySucceeded(page: Page): Promise<string> {
  const success = visible(page, '.e2e-pay-success').first();
  await success.waitFor({ state: 'visible', timeout: WAIT_MS });
  const orderNo = ((await visible(page, '.e2e-order-no').first().textContent()) ?? '').trim();
  if (!/^[0-9A-Z]{10,32}$/.test(orderNo)) throw new Error(`pay-result page shows no order number (got "${orderNo}")`);
  return orderNo;
}

export async function runPurchaseFlow(page: Page, baseUrl: string): Promise<{ orderNo: string }> {
  await buyNowToPayStep(page, baseUrl);
  await payWithWechatSandbox(page);
  const orderNo = await paySucceeded(page);

  await click(visible(page, '.e2e-go-orders').first());
  const card = visible(page, `.e2e-order-${orderNo}`).first();
  await card.waitFor({ state: 'visible', timeout: WAIT_MS });
  const status = card.locator('.e2e-order-status');
  await status.filter({ hasText: '待发货' }).waitFor({ state: 'visible', timeout: WAIT_MS });

  return { orderNo };
}
