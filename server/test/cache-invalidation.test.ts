import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createProduct } from './support/fixtures';
import { freePort, startTestApp, TEST_ADMIN, type TestApp } from './support/test-app';

/**
 * Two api processes on one database and Redis: this test's app (A) and a second api started as its own process
 * (B), each with its own in-memory caches. A change made through one is served by the other within a second,
 * carried by the invalidation channel, not by a cache expiring (those keep a minute).
 */
jest.setTimeout(180_000);

const ROOT = path.join(__dirname, '../..');
const WITHIN_MS = 1_000;

let a: TestApp;
let b: { url: string; child: ChildProcess; output: string[] };
let product: Awaited<ReturnType<typeof createProduct>>;

async function startSecondApi(app: TestApp) {
  const port = await freePort();
  const output: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/src/main.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      DATABASE_URL: app.config.databaseUrl,
      REDIS_URL: app.config.redisUrl,
      REDIS_PREFIX: app.config.redisPrefix,
      JWT_SECRET: app.config.jwtSecret,
      DATA_DIR: app.config.dataDir,
      ADMIN_USERNAME: TEST_ADMIN.username,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      RUN_WORKER_IN_PROCESS: 'false',
      LOG_LEVEL: 'warn',
    },
  });
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (d) => output.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`second api exited: ${output.join('')}`);
    const res = await fetch(`${url}/health/ready`).catch(() => undefined);
    // ready: answering, and its caches listening (a fresh check says Redis is up)
    if (res?.status === 200) break;
    if (Date.now() > deadline) throw new Error(`second api did not start: ${output.join('')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, child, output };
}

async function get(base: string, urlPath: string, token?: string) {
  const res = await fetch(`${base}${urlPath}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as any };
}

/** Polls (no fixed sleep) until `seen` holds, and says how long it took; fails past the deadline. */
async function msUntil(seen: () => Promise<boolean>, deadlineMs = 5_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await seen()) return Date.now() - started;
    if (Date.now() - started > deadlineMs) throw new Error(`not seen within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const guestPriceOnB = async () => (await get(b.url, `/api/products/${product.id}`)).body.skus[0].priceFen as number;
const listedPriceOnB = async (token?: string) =>
  (await get(b.url, `/api/products?keyword=${encodeURIComponent('缓存')}`, token)).body.items[0].priceFen as number;

beforeAll(async () => {
  a = await startTestApp();
  product = await createProduct(a, { name: '缓存失效商品', priceFen: 10_000 });
  b = await startSecondApi(a);
});

afterAll(async () => {
  if (b?.child.exitCode === null) {
    const exited = new Promise((resolve) => b.child.once('exit', resolve));
    b.child.kill('SIGTERM');
    await exited;
  }
  await a?.stop();
});

test('B serves what it keeps in memory: a write that bypasses both apps is not seen', async () => {
  expect(await guestPriceOnB()).toBe(10_000);
  expect(await listedPriceOnB()).toBe(10_000);
  await a.query('UPDATE products SET name = ? WHERE id = ?', ['缓存失效商品 (SQL)', product.id]);
  expect((await get(b.url, `/api/products/${product.id}`)).body.name).toBe('缓存失效商品');
});

test('a price rule created through A is served by B within a second, to guests and in lists', async () => {
  const admin = await a.adminToken();
  expect(await guestPriceOnB()).toBe(10_000); // B holds the page, priced, before the change
  const created = await a.http('POST', '/api/admin/price-rules', {
    token: admin,
    body: { kind: 'channel', productId: product.id, channel: 'weapp', fixedPriceFen: 8_800 },
  });
  expect(created.status).toBe(201);
  const pageMs = await msUntil(async () => (await guestPriceOnB()) === 8_800);
  const listMs = await msUntil(async () => (await listedPriceOnB()) === 8_800);
  expect(Math.max(pageMs, listMs)).toBeLessThan(WITHIN_MS);

  // and the other way round: changed through B, served by A
  const changed = await fetch(`${b.url}/api/admin/price-rules/${created.body.id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({ kind: 'channel', productId: product.id, channel: 'weapp', fixedPriceFen: 7_700 }),
  });
  expect(changed.status).toBe(200);
  const backMs = await msUntil(
    async () => (await a.http('GET', `/api/products/${product.id}`)).body.skus[0].priceFen === 7_700,
  );
  expect(backMs).toBeLessThan(WITHIN_MS);

  const deleted = await a.http('DELETE', `/api/admin/price-rules/${created.body.id}`, { token: admin });
  expect(deleted.status).toBe(204);
  expect(await msUntil(async () => (await guestPriceOnB()) === 10_000)).toBeLessThan(WITHIN_MS);
});

test("a member's level set through A prices them at the new level on B within a second", async () => {
  const admin = await a.adminToken();
  await a.http('POST', '/api/admin/price-rules', {
    token: admin,
    body: { kind: 'level', productId: product.id, levelCode: 'gold', fixedPriceFen: 6_600 },
  });
  const { token, member } = await a.loginMember('cache-member');
  await msUntil(async () => (await listedPriceOnB(token)) === 10_000); // B knows the member at 普通
  const set = await a.http('POST', `/api/admin/members/${member.id}/level`, {
    token: admin,
    body: { levelCode: 'gold', reason: '缓存测试' },
  });
  expect(set.status).toBe(200);
  const ms = await msUntil(async () => (await listedPriceOnB(token)) === 6_600);
  expect(ms).toBeLessThan(WITHIN_MS);
  expect((await get(b.url, `/api/products/${product.id}`, token)).body.skus[0].priceFen).toBe(6_600);
  expect(await guestPriceOnB()).toBe(10_000); // the gold price never reaches a guest
});

test('a product taken off sale through A disappears from B within a second', async () => {
  const admin = await a.adminToken();
  const off = await a.http('POST', `/api/admin/products/${product.id}/status`, {
    token: admin,
    body: { status: 'off_sale' },
  });
  expect(off.status).toBe(200);
  const ms = await msUntil(async () => (await get(b.url, `/api/products/${product.id}`)).status === 404);
  expect(ms).toBeLessThan(WITHIN_MS);
  expect(
    await msUntil(
      async () => (await get(b.url, '/api/products?keyword=' + encodeURIComponent('缓存'))).body.total === 0,
    ),
  ).toBeLessThan(WITHIN_MS);
});
