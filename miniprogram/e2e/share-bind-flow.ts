import type { Page } from 'playwright-core';
import { click, logIn, openTab, visible } from './purchase-flow';

/**
 * The referral path in H5, in three steps the server test strings together across two browsers:
 * A logs in and reads their share link on the poster page; B opens that link and logs in; A's sharing
 * page shows the open and the new member. Relies only on e2e-* classNames.
 */
const WAIT_MS = 20_000;

export async function readShareLink(page: Page, baseUrl: string): Promise<string> {
  await page.goto(baseUrl);
  await logIn(page, baseUrl);
  await click(visible(page, '.e2e-entry-poster').first());
  const link = visible(page, '.e2e-share-link').first();
  await link.waitFor({ state: 'visible', timeout: WAIT_MS });
  await visible(page, '.e2e-poster-image').first().waitFor({ state: 'visible', timeout: WAIT_MS });
  // the poster is the server's PNG, shown as a data URL: a real image, not an empty one
  await page.waitForFunction(
    () =>
      Array.from(document.querySelectorAll('.e2e-poster-image img')).some(
        (img) => (img as HTMLImageElement).naturalWidth > 0,
      ),
    undefined,
    { timeout: WAIT_MS },
  );
  const url = ((await link.textContent()) ?? '').trim();
  if (!/inviter=[A-Za-z0-9]+/.test(url)) throw new Error(`poster page shows no share link (got "${url}")`);
  return url;
}

/** B follows the link (the home page reports the open), then logs in on 我的; returns B's own invite code. */
export async function openLinkAndLogIn(page: Page, shareUrl: string, baseUrl: string): Promise<string> {
  await page.goto(shareUrl);
  await Promise.race([
    visible(page, '.e2e-product-card').first().waitFor({ state: 'visible', timeout: WAIT_MS }),
    visible(page, '.e2e-empty').first().waitFor({ state: 'visible', timeout: WAIT_MS }),
  ]);
  await logIn(page, baseUrl);
  await openTab(page, baseUrl, 'pages/mine/index');
  const code = visible(page, '.e2e-invite-code').first();
  await code.waitFor({ state: 'visible', timeout: WAIT_MS });
  return ((await code.textContent()) ?? '').trim();
}

/** A's sharing page, reloaded until today's figures read as expected (new members arrive through an event). */
export async function waitForTodayFigures(
  page: Page,
  baseUrl: string,
  expected: { opens: string; newMembers: string },
): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  let seen = '';
  while (Date.now() < deadline) {
    await openTab(page, baseUrl, 'subpackages/promotion/pages/stats/index');
    await page.reload();
    const opens = visible(page, '.e2e-stat-today-opens').first();
    await opens.waitFor({ state: 'visible', timeout: WAIT_MS });
    const newMembers = ((await visible(page, '.e2e-stat-today-new-members').first().textContent()) ?? '').trim();
    seen = `opens ${(await opens.textContent())?.trim()}, new members ${newMembers}`;
    if (seen === `opens ${expected.opens}, new members ${expected.newMembers}`) return;
    await page.waitForTimeout(500);
  }
  throw new Error(`sharing page never showed the expected figures (last: ${seen})`);
}
