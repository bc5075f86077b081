import os from 'node:os';
import path from 'node:path';
import { H5_DIR, launchChromium } from './support/browser';
import type { Browser, Page } from 'playwright-core';
import { openLinkAndLogIn, readShareLink, waitForTodayFigures } from '../../miniprogram/e2e/share-bind-flow';
import { createProduct } from '../test/support/fixtures';
import { startTestApp, type TestApp } from '../test/support/test-app';

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  app = await startTestApp({ SERVE_H5_DIR: H5_DIR });
  await createProduct(app, { name: '分享测试商品', priceFen: 1990, stock: 20 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function screenshotOnFailure(pages: Page[], run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    for (const [i, page] of pages.entries())
      await page.screenshot({ path: path.join(os.tmpdir(), `share-bind-e2e-${i}.png`), fullPage: true });
    throw error;
  }
}

test('member B opens A’s share link, logs in and is bound to A; A’s sharing page shows the open and the new member', async () => {
  // two browser contexts: two phones with storage of their own
  const pageA = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  const pageB = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await screenshotOnFailure([pageA, pageB], async () => {
    const shareUrl = await readShareLink(pageA, app.url);
    const inviterCode = new URL(shareUrl.replace('/#/', '/')).searchParams.get('inviter');
    expect(shareUrl.startsWith(`${app.url}/#/pages/index/index?`)).toBe(true);

    const codeOfB = await openLinkAndLogIn(pageB, shareUrl, app.url);
    const [bound] = await app.query(
      `SELECT a.id AS inviter_id, n.referrer_id FROM members b JOIN members a ON a.invite_code = ?
         JOIN team_nodes n ON n.member_id = b.id WHERE b.invite_code = ?`,
      [inviterCode, codeOfB],
    );
    expect(bound.referrer_id).toBe(bound.inviter_id);
    const opens = await app.query('SELECT promoter_id, share_key FROM share_opens');
    expect(opens).toEqual([{ promoter_id: bound.inviter_id, share_key: expect.stringMatching(/^[a-z0-9]{6}$/) }]);

    await waitForTodayFigures(pageA, app.url, { opens: '1', newMembers: '1' });
  });
});
