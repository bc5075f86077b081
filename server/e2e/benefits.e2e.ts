import os from 'node:os';
import path from 'node:path';
import { H5_DIR, launchChromium } from './support/browser';
import type { Browser } from 'playwright-core';
import { runBenefitsFlow } from '../../miniprogram/e2e/benefits-flow';
import { startTestApp, type TestApp } from '../test/support/test-app';

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  app = await startTestApp({ SERVE_H5_DIR: H5_DIR });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

test('a member signs in for points, exchanges them for a reward, then sees the level card with its progress', async () => {
  await app.http('POST', '/api/admin/points-rewards', {
    token: await app.adminToken(),
    body: { name: '签到小礼', pointsCost: 5, stock: 1 },
  });
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  try {
    const { points, level } = await runBenefitsFlow(page, app.url);
    expect(points).toBe('5');
    expect(level).toBe('普通');
    const rows = await app.query('SELECT kind, delta, balance_after FROM points_ledger ORDER BY id');
    expect(rows).toEqual([
      { kind: 'sign_in', delta: 5, balance_after: 5 },
      { kind: 'spend', delta: -5, balance_after: 0 },
    ]);
    const [reward] = await app.query('SELECT stock FROM points_rewards');
    expect(reward.stock).toBe(0);
  } catch (error) {
    await page.screenshot({ path: path.join(os.tmpdir(), 'benefits-e2e-failure.png'), fullPage: true });
    throw error;
  }
});
