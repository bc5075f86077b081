import ExcelJS from 'exceljs';
import { chinaDay } from '../src/platform/china-day';
import { rollUpCampaignViews } from '../src/modules/campaignviews';
import { ROLL_UP_VIEWS_JOB } from '../src/modules/campaignviews/campaignviews.jobs';
import { queuesDrained } from './support/drained';
import { ADDRESS, createProduct } from './support/fixtures';
import { liveFlashSession } from './support/flash-fixtures';
import { placeAndPay, startWechat } from './support/payments';
import { startTestApp, type TestApp } from './support/test-app';
import { waitFor } from './support/wait';

/**
 * Issue 12 effect tracking, the gaps: views of campaign pages counted in Redis and rolled up once in effect however
 * often the job runs, attributed to the distributor whose share brought them; the stats exports (csv and xlsx) that
 * say what the stats say; the activity tags on product cards and pages, gone when the activity stops; my groups.
 */
let app: TestApp;
let admin: string;
let promoter: { token: string; member: { id: number; inviteCode: string } };
const hour = 3_600_000;
const window = () => ({
  startsAt: new Date(Date.now() - hour).toISOString(),
  endsAt: new Date(Date.now() + 24 * hour).toISOString(),
});

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.adminToken();
  promoter = await app.loginMember('ce-promoter');
}, 120_000);

/** What Redis counted today for one campaign (all inviters), once the unawaited pipelines have landed. */
async function countedToday(kind: string, id: number): Promise<number> {
  const hash = await app.services.redis.hgetall(`${app.config.redisPrefix}:cviews:d:${chinaDay(new Date())}`);
  return Object.entries(hash)
    .filter(([field]) => field.startsWith(`${kind}:${id}:`))
    .reduce((n, [, v]) => n + Number(v), 0);
}
const viewsLanded = (kind: string, id: number, n: number) =>
  waitFor(async () => ((await countedToday(kind, id)) >= n ? true : undefined));

async function createActivity(body: Record<string, unknown>) {
  const res = await app.http('POST', '/api/admin/promotions', { token: admin, body: { ...window(), ...body } });
  if (res.status !== 201) throw new Error(`create activity: ${res.status} ${res.text}`);
  return res.body.id as number;
}

/** A group-buy campaign on the product's first sku at 30 yuan, created and switched on; its id. */
async function liveGroupBuy(product: { id: number; skus: { id: number }[] }, name: string, groupSize: number) {
  const created = await app.http('POST', '/api/admin/groupbuy/campaigns', {
    token: admin,
    body: {
      name,
      productId: product.id,
      skus: [{ skuId: product.skus[0].id, groupPriceFen: 3_000 }],
      groupSize,
      timeLimitSeconds: 3_600,
      perMemberLimit: 5,
      allowFewer: false,
      ...window(),
    },
  });
  const campaignId = created.body.id as number;
  await app.http('POST', `/api/admin/groupbuy/campaigns/${campaignId}/status`, {
    token: admin,
    body: { status: 'active' },
  });
  return campaignId;
}

/** Parses the csv the export sends (BOM, CRLF, quoted cells) into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\ufeff/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted && c === '"' && body[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted || (c !== ',' && c !== '\n' && c !== '\r')) {
      cell += c;
    } else if (c === ',' || c === '\n') {
      row.push(cell);
      cell = '';
      if (c === '\n') {
        rows.push(row);
        row = [];
      }
    }
  }
  return rows;
}

async function download(path: string) {
  const res = await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${admin}` } });
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}

test('product page views of a 满减 count per view and per viewer, roll up the same however often the job runs, and count for the sharing distributor', async () => {
  const product = await createProduct(app, { name: '满减商品', priceFen: 10_000, stock: 100 });
  const id = await createActivity({
    kind: 'full_reduction',
    name: '满300减30',
    productIds: [product.id],
    tiers: [{ thresholdFen: 30_000, reductionFen: 3_000 }],
  });
  const a = await app.loginMember('ce-a');
  const b = await app.loginMember('ce-b');
  for (let i = 0; i < 3; i++) expect((await app.http('GET', `/api/products/${product.id}`)).status).toBe(200);
  for (let i = 0; i < 2; i++) await app.http('GET', `/api/products/${product.id}`, { token: a.token });
  for (let i = 0; i < 2; i++) {
    await app.http('GET', `/api/products/${product.id}?inviter=${promoter.member.inviteCode}`, { token: b.token });
  }
  await viewsLanded('promotion', id, 7);

  // twice at once, then again through the worker's job: the rows say what Redis says, once
  await Promise.all([rollUpCampaignViews(app.services), rollUpCampaignViews(app.services)]);
  const job = await app.services.queues.marketing.add(ROLL_UP_VIEWS_JOB, {}, { jobId: `rollup-${id}` });
  await job.finished();
  const rows = await app.query(
    "SELECT promoter_id, views FROM campaign_view_days WHERE kind = 'promotion' AND campaign_id = ? ORDER BY promoter_id",
    [id],
  );
  expect(rows.map((r) => [Number(r.promoter_id), Number(r.views)])).toEqual([
    [0, 5],
    [promoter.member.id, 2],
  ]);

  // b buys three: the 满减 takes its 30 off and the paid order is the conversion
  await placeAndPay(app, b.token, [{ skuId: product.skus[0].id, quantity: 3 }]);
  await queuesDrained(app.services);
  await app.http('GET', `/api/products/${product.id}`, { token: b.token });
  await viewsLanded('promotion', id, 8);
  await rollUpCampaignViews(app.services);
  const stats = await app.http('GET', `/api/admin/promotions/${id}/stats`, { token: admin });
  expect(stats.body).toMatchObject({
    paidOrders: 1,
    views: {
      views: 8,
      uniqueViewers: 3, // the guest (by address), a and b
      viewToOrderBps: 3_333,
      byPromoter: [{ promoterId: promoter.member.id, views: 2 }],
    },
  });
}, 120_000);

test('campaign pages count their views: the claim center, a group-buy page opened from a share, the flash-sale list', async () => {
  const coupon = await app.http('POST', '/api/admin/coupon-templates', {
    token: admin,
    body: {
      name: '效果券',
      kind: 'amount',
      amountOffFen: 500,
      validity: { kind: 'relative', days: 7 },
      totalBudget: 100,
      perMemberLimit: 1,
    },
  });
  expect(coupon.status).toBe(201);
  const viewer = await app.loginMember('ce-viewer');
  await app.http('GET', `/api/coupons/center?inviter=${promoter.member.inviteCode}`, { token: viewer.token });
  await app.http('GET', '/api/coupons/center', { token: viewer.token });
  // a malformed inviter is refused like any bad query, and counts nothing
  const bad = await app.http('GET', '/api/coupons/center?inviter=no!', { token: viewer.token });
  expect(bad.status).toBe(400);

  const product = await createProduct(app, { priceFen: 5_000, stock: 50 });
  const campaignId = await liveGroupBuy(product, '三人团', 3);
  await app.http('GET', `/api/groupbuy/campaigns/${campaignId}?inviter=${promoter.member.inviteCode}`);

  const flashProduct = await createProduct(app, { priceFen: 8_000, stock: 20 });
  const session = await liveFlashSession(app, [
    { skuId: flashProduct.skus[0].id, flashPriceFen: 1_000, stock: 5, perMemberLimit: 1 },
  ]);
  await app.http('GET', '/api/flash/sessions', { token: viewer.token });

  await viewsLanded('coupon', coupon.body.id, 2);
  await viewsLanded('groupbuy', campaignId, 1);
  await viewsLanded('flash', session.id, 1);
  await rollUpCampaignViews(app.services);

  const couponStats = await app.http('GET', `/api/admin/coupon-templates/${coupon.body.id}/stats`, { token: admin });
  expect(couponStats.body.views).toEqual({
    views: 2,
    uniqueViewers: 1,
    viewToOrderBps: 0,
    byPromoter: [{ promoterId: promoter.member.id, views: 1 }],
  });
  const groupStats = await app.http('GET', `/api/admin/groupbuy/stats?campaignId=${campaignId}`, { token: admin });
  expect(groupStats.body.views).toMatchObject({ views: 1, byPromoter: [{ promoterId: promoter.member.id, views: 1 }] });
  const flashStats = await app.http('GET', `/api/admin/flash/sessions/${session.id}/stats`, { token: admin });
  expect(flashStats.body.views).toMatchObject({ views: 1, uniqueViewers: 1 });

  // the product pages show the group-buy and flash entries
  const groupPage = await app.http('GET', `/api/products/${product.id}`);
  expect(groupPage.body.activities).toEqual([
    expect.objectContaining({ kind: 'groupbuy', id: campaignId, label: '3人团' }),
  ]);
  const flashPage = await app.http('GET', `/api/products/${flashProduct.id}`);
  expect(flashPage.body.activities).toEqual([
    expect.objectContaining({ kind: 'flash', id: session.id, label: '限时秒杀' }),
  ]);
}, 120_000);

test('the product card and page carry the live activity tags, and drop them when the activity is paused', async () => {
  const product = await createProduct(app, { name: '标签商品', priceFen: 20_000, stock: 100 });
  const discount = await createActivity({
    kind: 'discount',
    name: '八折',
    productIds: [product.id],
    discountBps: 2_000,
  });
  await createActivity({
    kind: 'full_reduction',
    name: '满减',
    productIds: [product.id],
    tiers: [
      { thresholdFen: 30_000, reductionFen: 3_000 },
      { thresholdFen: 50_000, reductionFen: 6_000 },
    ],
  });
  // a level-gated activity is not shown: the page is the same for members the gate lets in and those it keeps out
  await createActivity({
    kind: 'discount',
    name: '金卡日',
    productIds: [product.id],
    discountBps: 3_000,
    levelActivityCode: 'gold_day',
  });
  const labels = (tags: { label: string }[]) => tags.map((t) => t.label).sort();

  const page = await app.http('GET', `/api/products/${product.id}`);
  expect(labels(page.body.activities)).toEqual(['满300减30 满500减60', '限时8折']);
  const list = await app.http('GET', '/api/products?keyword=标签商品');
  expect(labels(list.body.items[0].activities)).toEqual(['满300减30 满500减60', '限时8折']);

  const paused = await app.http('POST', `/api/admin/promotions/${discount}/status`, {
    token: admin,
    body: { status: 'paused', reason: '价格调整' },
  });
  expect(paused.status).toBe(200);
  expect(labels((await app.http('GET', `/api/products/${product.id}`)).body.activities)).toEqual([
    '满300减30 满500减60',
  ]);
  const relisted = await app.http('GET', '/api/products?keyword=标签商品');
  expect(labels(relisted.body.items[0].activities)).toEqual(['满300减30 满500减60']);
}, 120_000);

test('the stats exports say what the stats say, in csv and xlsx, on the audit record, for admins only', async () => {
  const product = await createProduct(app, { priceFen: 10_000, stock: 100 });
  const id = await createActivity({
    kind: 'discount',
    name: '导出, "九折"',
    productIds: [product.id],
    discountBps: 1_000,
  });
  const buyer = await app.loginMember('ce-export');
  await app.http('GET', `/api/products/${product.id}`, { token: buyer.token });
  await viewsLanded('promotion', id, 1);
  await placeAndPay(app, buyer.token, [{ skuId: product.skus[0].id, quantity: 1 }]);
  await queuesDrained(app.services);
  await rollUpCampaignViews(app.services);
  const stats = (await app.http('GET', `/api/admin/promotions/${id}/stats`, { token: admin })).body;
  expect(stats).toMatchObject({ paidOrders: 1, gmvFen: 9_000, discountFen: 1_000, views: { views: 1 } });

  const csv = await download('/api/admin/promotions/stats/export?format=csv');
  expect(csv.status).toBe(200);
  expect(csv.type).toContain('text/csv');
  const [header, ...rows] = parseCsv(csv.body.toString('utf8'));
  const row = rows.find((r) => r[0] === String(id))!;
  const cell = (name: string) => row[header!.indexOf(name)];
  expect(cell('名称')).toBe('导出, "九折"');
  expect([cell('支付订单数'), cell('GMV(分)'), cell('优惠金额(分)'), cell('浏览量'), cell('浏览人数')]).toEqual([
    '1',
    '9000',
    '1000',
    '1',
    '1',
  ]);

  const xlsx = await download('/api/admin/promotions/stats/export?format=xlsx');
  expect(xlsx.type).toContain('spreadsheetml');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  const headers = (sheet.getRow(1).values as unknown[]).slice(1);
  const line = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(1).value === id)!;
  const value = (name: string) => line.getCell(headers.indexOf(name) + 1).value;
  expect([value('支付订单数'), value('GMV(分)'), value('浏览量'), value('浏览转化率(基点)')]).toEqual([
    stats.paidOrders,
    stats.gmvFen,
    stats.views.views,
    stats.views.viewToOrderBps,
  ]);

  for (const path of [
    '/api/admin/coupon-templates/stats/export?format=csv',
    '/api/admin/groupbuy/stats/export?format=csv',
    '/api/admin/flash/sessions/stats/export',
  ]) {
    expect((await download(path)).status).toBe(200);
  }
  const audits = await app.query(
    "SELECT action, after_json FROM admin_audit_logs WHERE action LIKE '%stats_export' ORDER BY id",
  );
  expect(audits.map((a) => a.action)).toEqual([
    'promotions.stats_export',
    'promotions.stats_export',
    'coupons.stats_export',
    'groupbuy.stats_export',
    'flash.stats_export',
  ]);
  expect(JSON.parse(audits[0].after_json)).toMatchObject({ format: 'csv', rows: expect.any(Number) });
  const asMember = await app.http('GET', '/api/admin/promotions/stats/export', { token: buyer.token });
  expect(asMember.status).toBe(401);
  expect((await app.http('GET', '/api/admin/promotions/stats/export?format=pdf', { token: admin })).status).toBe(400);
}, 120_000);

test('my groups lists only the groups I started or joined; a share card opened from my link counts for me', async () => {
  const product = await createProduct(app, { priceFen: 5_000, stock: 50 });
  const campaignId = await liveGroupBuy(product, '两人团', 2);
  const open = async (openid: string) => {
    const who = await app.loginMember(openid);
    const placed = await app.http('POST', '/api/orders', {
      token: who.token,
      body: {
        items: [{ skuId: product.skus[0].id, quantity: 1 }],
        address: ADDRESS,
        requestId: `ce-${openid}-${Date.now()}`,
        groupBuy: { campaignId },
      },
    });
    expect(placed.status).toBe(201);
    const prepayId = await startWechat(app, who.token, placed.body.orderNo);
    await app.http('POST', '/sandbox/wechatpay/confirm', { body: { prepayId } });
    return { ...who, orderNo: placed.body.orderNo as string };
  };
  const leader = await open('ce-leader');
  const other = await open('ce-other');
  await queuesDrained(app.services);

  const mine = await app.http('GET', '/api/groupbuy/my-groups', { token: leader.token });
  expect(mine.body.items).toEqual([
    expect.objectContaining({ orderNo: leader.orderNo, isLeader: true, campaignName: '两人团', memberStatus: 'paid' }),
  ]);
  expect(mine.body.items[0].group).toMatchObject({ status: 'forming', remaining: 1 });
  const theirs = await app.http('GET', '/api/groupbuy/my-groups', { token: other.token });
  expect(theirs.body.items.map((i: { orderNo: string }) => i.orderNo)).toEqual([other.orderNo]);

  const card = await app.http(
    'GET',
    `/api/groupbuy/groups/${mine.body.items[0].group.id}?inviter=${leader.member.inviteCode}`,
  );
  expect(card.status).toBe(200);
  await viewsLanded('groupbuy', campaignId, 1);
  await rollUpCampaignViews(app.services);
  const stats = await app.http('GET', `/api/admin/groupbuy/stats?campaignId=${campaignId}`, { token: admin });
  expect(stats.body.views).toMatchObject({ views: 1, byPromoter: [{ promoterId: leader.member.id, views: 1 }] });
}, 120_000);
