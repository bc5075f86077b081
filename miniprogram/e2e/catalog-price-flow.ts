import type { Page } from 'playwright-core';
import { click, fillInput, openTab, visible, WAIT_MS } from './purchase-flow';

export interface SeenPrice {
  price: string;
  label: string | null;
  basePrice: string | null;
  nextLevel: string | null;
}

const textOrNull = async (page: Page, selector: string) => {
  const node = visible(page, selector).first();
  return (await node.count()) ? ((await node.textContent()) ?? '').trim() : null;
};

/**
 * From the home page: search for `keyword`, open the product named `productName`, pick the spec value
 * `specValue`, and read the price block as the member sees it. Relies only on the e2e-* classNames.
 */
export async function searchAndReadPrice(
  page: Page,
  baseUrl: string,
  { keyword, productName, specValue }: { keyword: string; productName: string; specValue: string },
): Promise<SeenPrice> {
  await openTab(page, baseUrl, 'pages/index/index');
  await click(visible(page, '.e2e-home-search').first());
  await fillInput(page, 'e2e-search-input', keyword);
  await click(visible(page, '.e2e-search-submit').first());
  // only the search page's results: the home page's grid cards stay in the DOM behind it (Taro H5 keeps the stack)
  await page.waitForURL(/subpackages\/catalog\/pages\/search/, { timeout: WAIT_MS });
  await click(visible(page, '.search__results .e2e-product-card').filter({ hasText: productName }).first());

  await visible(page, '.e2e-buy-now').first().waitFor({ state: 'visible', timeout: WAIT_MS });
  const option = visible(page, '.e2e-sku-option').filter({ hasText: specValue }).first();
  await click(option);
  await visible(page, '.e2e-sku-option.is-selected')
    .filter({ hasText: specValue })
    .first()
    .waitFor({ state: 'visible', timeout: WAIT_MS });
  await visible(page, '.e2e-sku-stock').filter({ hasText: '库存' }).first().waitFor({ timeout: WAIT_MS });

  return {
    price: (await textOrNull(page, '.e2e-product-price')) ?? '',
    label: await textOrNull(page, '.product__price-row .e2e-price-label'),
    basePrice: await textOrNull(page, '.product__price-row .e2e-base-price'),
    nextLevel: await textOrNull(page, '.e2e-next-level'),
  };
}
