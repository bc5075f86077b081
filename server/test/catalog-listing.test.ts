import { LISTING_SWEEP_JOB, listingJobId } from '../src/modules/catalog';
import { ADDRESS } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
let token: string;
beforeAll(async () => {
  app = await startTestApp();
  token = await app.adminToken();
});
afterAll(() => app.stop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

async function draftProduct(name: string) {
  const res = await app.http('POST', '/api/admin/products', {
    token,
    body: {
      name,
      coverUrl: '/media/products/protein.svg',
      skus: [{ specs: { 规格: '500g' }, priceFen: 990, stock: 5 }],
    },
  });
  expect(res.status).toBe(201);
  return res.body as { id: number; status: string; skus: { id: number }[] };
}

const memberSees = async (id: number) => (await app.http('GET', `/api/products/${id}`)).status === 200;

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) return Date.now();
    await sleep(100);
  }
  throw new Error('condition not reached in time');
}

const history = async (id: number) =>
  (await app.http('GET', `/api/admin/products/${id}/status-history`, { token })).body as {
    from: string | null;
    to: string;
    actorType: string;
    actor: string;
    reason: string;
  }[];

test('a product scheduled for time T becomes visible to members at T, and its history says who and why', async () => {
  const product = await draftProduct('定时上架商品');
  const onSaleAt = inMs(2_000);
  const scheduled = await app.http('PUT', `/api/admin/products/${product.id}/schedule`, {
    token,
    body: { onSaleAt, reason: '双十二预热' },
  });
  expect(scheduled.status).toBe(200);
  expect(scheduled.body).toMatchObject({ status: 'scheduled', onSaleAt });

  expect(await memberSees(product.id)).toBe(false);
  const list = await app.http('GET', '/api/products?keyword=定时上架');
  expect(list.body.items).toEqual([]);

  const visibleAt = await waitUntil(() => memberSees(product.id), 8_000);
  expect(visibleAt).toBeGreaterThanOrEqual(Date.parse(onSaleAt));
  expect(visibleAt - Date.parse(onSaleAt)).toBeLessThan(2_500); // the delayed job's latency

  expect(await history(product.id)).toEqual([
    expect.objectContaining({ from: null, to: 'draft', actorType: 'admin', actor: 'admin', reason: 'created' }),
    expect.objectContaining({
      from: 'draft',
      to: 'scheduled',
      actorType: 'admin',
      actor: 'admin',
      reason: '双十二预热',
    }),
    expect.objectContaining({
      from: 'scheduled',
      to: 'on_sale',
      actorType: 'system',
      actor: expect.stringMatching(/^system:(schedule|sweep)$/),
      reason: expect.stringContaining('on-sale time reached'),
    }),
  ]);
});

test('a rescheduled time supersedes the old job: nothing happens at the old time', async () => {
  const product = await draftProduct('改期商品');
  await app.http('PUT', `/api/admin/products/${product.id}/schedule`, { token, body: { onSaleAt: inMs(1_000) } });
  const later = inMs(3_000);
  const res = await app.http('PUT', `/api/admin/products/${product.id}/schedule`, { token, body: { onSaleAt: later } });
  expect(res.status).toBe(200);
  await sleep(1_800);
  expect(await memberSees(product.id)).toBe(false);
  const visibleAt = await waitUntil(() => memberSees(product.id), 6_000);
  expect(visibleAt).toBeGreaterThanOrEqual(Date.parse(later));
});

test('the sweep puts on sale a product whose delayed job went missing', async () => {
  const queue = app.services.queues.catalog;
  // the minute sweep must not run in the middle of this test: it would do the very thing under test early
  await queue.removeRepeatable(LISTING_SWEEP_JOB, { every: 60_000, jobId: LISTING_SWEEP_JOB });
  expect((await queue.getRepeatableJobs()).filter((r) => r.name === LISTING_SWEEP_JOB)).toEqual([]);
  expect((await queue.getDelayed()).filter((j) => j.name === LISTING_SWEEP_JOB)).toEqual([]);
  const product = await draftProduct('漏掉的定时');
  await app.http('PUT', `/api/admin/products/${product.id}/schedule`, { token, body: { onSaleAt: inMs(1_500) } });
  const [{ schedule_version: version }] = await app.query('SELECT schedule_version FROM products WHERE id = ?', [
    product.id,
  ]);
  const job = await waitUntilJob(() => queue.getJob(listingJobId(product.id, version, 'on')));
  await job.remove();
  await sleep(2_000);
  expect(await memberSees(product.id)).toBe(false);

  await queue.add(LISTING_SWEEP_JOB, {}, { jobId: `manual-sweep-${product.id}` });
  await waitUntil(() => memberSees(product.id), 5_000);
  expect((await history(product.id)).at(-1)).toMatchObject({
    from: 'scheduled',
    to: 'on_sale',
    actor: 'system:sweep',
    reason: expect.stringContaining('sweep'),
  });
});

async function waitUntilJob<T>(get: () => Promise<T | null>): Promise<T> {
  for (let i = 0; i < 50; i++) {
    const found = await get();
    if (found) return found;
    await sleep(50);
  }
  throw new Error('job not enqueued');
}

test('a pre-sale product is visible with its sale start, cannot be bought before it, and goes on sale at that time', async () => {
  const product = await draftProduct('预售商品');
  const onSaleAt = inMs(1_500);
  await app.http('PUT', `/api/admin/products/${product.id}/schedule`, { token, body: { onSaleAt, presale: true } });
  const detail = await app.http('GET', `/api/products/${product.id}`);
  expect(detail.body).toMatchObject({ status: 'pre_sale', saleStartsAt: onSaleAt });

  const member = await app.loginMember('presale-buyer');
  const early = await app.http('POST', '/api/orders', {
    token: member.token,
    body: { items: [{ skuId: product.skus[0].id, quantity: 1 }], address: ADDRESS, requestId: 'presale-early-1' },
  });
  expect(early.status).toBe(409);
  expect(early.body.error.code).toBe('SKU_UNAVAILABLE');

  await waitUntil(async () => (await app.http('GET', `/api/products/${product.id}`)).body.status === 'on_sale', 6_000);
});

test('a scheduled off-sale time takes a product off sale', async () => {
  const product = await draftProduct('限时在售');
  await app.http('POST', `/api/admin/products/${product.id}/status`, { token, body: { status: 'on_sale' } });
  const res = await app.http('PUT', `/api/admin/products/${product.id}/schedule`, {
    token,
    body: { offSaleAt: inMs(1_000), reason: '活动结束' },
  });
  expect(res.body).toMatchObject({ status: 'on_sale' });
  await waitUntil(async () => !(await memberSees(product.id)), 6_000);
  expect((await history(product.id)).at(-1)).toMatchObject({ from: 'on_sale', to: 'off_sale', actorType: 'system' });
});

test('schedules in the past, or that make no sense, are refused and change nothing', async () => {
  const product = await draftProduct('错误定时');
  const cases: [object, number, string][] = [
    [{ onSaleAt: new Date(Date.now() - 60_000).toISOString() }, 400, 'onSaleAt'],
    [{ onSaleAt: 'tomorrow' }, 400, 'onSaleAt'],
    [{ onSaleAt: inMs(60_000), offSaleAt: inMs(30_000) }, 400, 'offSaleAt'],
    [{ offSaleAt: inMs(60_000) }, 409, 'offSaleAt'], // a draft has nothing to take off sale
  ];
  for (const [body, status, field] of cases) {
    const res = await app.http('PUT', `/api/admin/products/${product.id}/schedule`, { token, body });
    expect([JSON.stringify(body), res.status, res.body.error.field]).toEqual([JSON.stringify(body), status, field]);
  }
  const [row] = await app.query('SELECT status, on_sale_at, schedule_version FROM products WHERE id = ?', [product.id]);
  expect(row).toMatchObject({ status: 'draft', on_sale_at: null, schedule_version: 0 });
});

test('batch on/off sale is all or nothing, and repeating it changes nothing', async () => {
  const a = await draftProduct('批量A');
  const b = await draftProduct('批量B');
  const on = await app.http('POST', '/api/admin/products/batch-status', {
    token,
    body: { ids: [a.id, b.id], status: 'on_sale', reason: '批量上架' },
  });
  expect(on.body).toEqual({ changed: [a.id, b.id], unchanged: [] });
  const again = await app.http('POST', '/api/admin/products/batch-status', {
    token,
    body: { ids: [a.id, b.id], status: 'on_sale' },
  });
  expect(again.body).toEqual({ changed: [], unchanged: [a.id, b.id] });

  const draft = await draftProduct('批量草稿');
  const off = await app.http('POST', '/api/admin/products/batch-status', {
    token,
    body: { ids: [a.id, draft.id], status: 'off_sale' },
  });
  expect(off.status).toBe(409);
  expect(off.body.error).toMatchObject({ code: 'ILLEGAL_TRANSITION', field: 'ids.1' });
  expect(await memberSees(a.id)).toBe(true); // the legal half was not applied either
  expect((await history(a.id)).at(-1)).toMatchObject({ to: 'on_sale', reason: '批量上架' });
});
