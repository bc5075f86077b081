import os from 'node:os';
import path from 'node:path';
import { H5_DIR, launchChromium } from './support/browser';
import type { Browser, BrowserContext } from 'playwright-core';
import { groupShows, joinGroup, openGroup, startGroup } from '../../miniprogram/e2e/groupbuy-flow';
import { actAsMember } from '../../miniprogram/e2e/money-flow';
import { createProduct } from '../test/support/fixtures';
import { queuesDrained } from '../test/support/drained';
import { startTestApp, type TestApp } from '../test/support/test-app';

const LIST_PRICE = 3_300;
const GROUP_PRICE = 1_990;

let app: TestApp;
let browser: Browser;
let campaignId: number;

beforeAll(async () => {
  app = await startTestApp({ SERVE_H5_DIR: H5_DIR });
  const product = await createProduct(app, { name: '拼团测试商品', priceFen: LIST_PRICE, stock: 20 });
  const admin = await app.adminToken();
  const created = await app.http('POST', '/api/admin/groupbuy/campaigns', {
    token: admin,
    body: {
      name: '两人团',
      productId: product.id,
      skus: [{ skuId: product.skus[0].id, groupPriceFen: GROUP_PRICE }],
      groupSize: 2,
      timeLimitSeconds: 3_600,
      perMemberLimit: 2,
      allowFewer: false,
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
    },
  });
  expect(created.status).toBe(201);
  campaignId = created.body.id;
  const activated = await app.http('POST', `/api/admin/groupbuy/campaigns/${campaignId}/status`, {
    token: admin,
    body: { status: 'active' },
  });
  expect(activated.body.status).toBe('active');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function memberPage(context: BrowserContext, openid: string) {
  const page = await context.newPage();
  await actAsMember(page, app.url, openid);
  return page;
}

test('a member starts a two-person group and pays, a friend joins from the share card and pays: the group is complete and both orders paid', async () => {
  const leaderContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const friendContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const leaderPage = await memberPage(leaderContext, 'e2e-groupbuy-leader');
  const friendPage = await memberPage(friendContext, 'e2e-groupbuy-friend');
  const leader = await app.loginMember('e2e-groupbuy-leader');
  const friend = await app.loginMember('e2e-groupbuy-friend');
  try {
    const leaderOrderNo = await startGroup(leaderPage, app.url);
    await queuesDrained(app.services);
    const mine = await app.http('GET', '/api/groupbuy/my-groups', { token: leader.token });
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0]).toMatchObject({ orderNo: leaderOrderNo, isLeader: true, memberStatus: 'paid' });
    const groupId = mine.body.items[0].group.id as number;
    expect(mine.body.items[0].group).toMatchObject({ campaignId, status: 'forming', groupSize: 2, remaining: 1 });

    await openGroup(leaderPage, app.url, groupId);
    await groupShows(leaderPage, '还差 1 人成团');

    const friendOrderNo = await joinGroup(friendPage, app.url, groupId);
    await queuesDrained(app.services);

    await openGroup(leaderPage, app.url, groupId);
    const seats = await groupShows(leaderPage, '拼团成功');
    expect(seats).toHaveLength(2);
    expect(seats.some((s) => s.includes('团长'))).toBe(true);
    expect(seats.every((s) => !s.includes('待加入'))).toBe(true);

    for (const [token, orderNo] of [
      [leader.token, leaderOrderNo],
      [friend.token, friendOrderNo],
    ] as const) {
      const order = await app.http('GET', `/api/orders/${orderNo}`, { token });
      expect(order.status).toBe(200);
      expect(order.body).toMatchObject({ orderNo, status: 'paid', payableFen: GROUP_PRICE, paidFen: GROUP_PRICE });
    }
    const group = await app.http('GET', `/api/groupbuy/groups/${groupId}`);
    expect(group.body).toMatchObject({ status: 'complete', paidCount: 2, remaining: 0 });
  } catch (error) {
    await leaderPage.screenshot({ path: path.join(os.tmpdir(), 'groupbuy-e2e-leader.png'), fullPage: true });
    await friendPage.screenshot({ path: path.join(os.tmpdir(), 'groupbuy-e2e-friend.png'), fullPage: true });
    throw error;
  } finally {
    await leaderContext.close();
    await friendContext.close();
  }
});
