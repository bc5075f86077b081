import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { checkInvariants } from '../src/check-invariants';
import { createProduct } from './support/fixtures';
import { flashDrained, grab, heldInRedis, liveFlashSession, loginMany, redisItem } from './support/flash-fixtures';
import { waitFor } from './support/loyalty-fixtures';
import { startTestApp, TEST_ADMIN, type TestApp } from './support/test-app';

/**
 * The flash queue survives a worker killed with SIGKILL mid-drain: the api (no workers of its own) takes 20×N
 * grabs for N units while the order jobs wait; a worker starts on them and is killed as soon as the first orders
 * are written; a second worker finishes (Bull hands it the killed worker's stalled jobs). Exactly N orders, each
 * ticket placed once, nobody over the limit, Redis and the database agreeing.
 */
const ROOT = path.join(__dirname, '../..');
const N = 12;
let app: TestApp;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  app = await startTestApp({ RUN_WORKER_IN_PROCESS: 'false' });
});
afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
  await app.stop();
});

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/src/worker.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: app.config.databaseUrl,
      REDIS_URL: app.config.redisUrl,
      REDIS_PREFIX: app.config.redisPrefix,
      JWT_SECRET: app.config.jwtSecret,
      DATA_DIR: app.config.dataDir,
      ADMIN_USERNAME: TEST_ADMIN.username,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      LOG_LEVEL: 'warn',
    },
  });
  workers.push(child);
  return child;
}

const count = async (sql: string) => Number((await app.query(sql))[0].n);
const flashOrders = () => count("SELECT COUNT(*) AS n FROM orders WHERE request_id LIKE 'ft%'");

test('a worker killed (SIGKILL) mid-drain places every ticket once: N orders, no oversell, Redis = database', async () => {
  const product = await createProduct(app, { priceFen: 4_000, stock: 1_000 });
  const session = await liveFlashSession(app, [
    { skuId: product.skus[0].id, flashPriceFen: 1_000, stock: N, perMemberLimit: 1 },
  ]);
  const itemId = session.items[0]!.id;
  const buyers = await loginMany(app, 'crash-flash', 20 * N);
  const answers = await Promise.all(buyers.flatMap((b) => [grab(app, b.token, itemId), grab(app, b.token, itemId)]));
  expect(answers.filter((a) => a.status === 202)).toHaveLength(N);
  expect(await flashOrders()).toBe(0); // no worker yet: the tickets wait

  const first = startWorker();
  await waitFor(async () => (await flashOrders()) > 0, 120_000);
  first.kill('SIGKILL');
  await new Promise((resolve) => (first.exitCode !== null ? resolve(null) : first.once('exit', resolve)));
  const atKill = await flashOrders();

  startWorker();
  await waitFor(
    async () => (await count("SELECT COUNT(*) AS n FROM flash_grabs WHERE status = 'ordered'")) === N,
    180_000,
  );
  await flashDrained(app);
  expect(atKill).toBeLessThanOrEqual(N);

  expect(await flashOrders()).toBe(N);
  expect(await count("SELECT COUNT(*) AS n FROM flash_grabs WHERE status = 'failed'")).toBe(0);
  const [item] = await app.query('SELECT sold FROM flash_items WHERE id = ?', [itemId]);
  expect(Number(item.sold)).toBe(N);
  const perMember = await app.query<{ units: string }>(
    "SELECT SUM(quantity) AS units FROM flash_grabs WHERE status = 'ordered' GROUP BY member_id",
  );
  expect(perMember).toHaveLength(N);
  expect(perMember.every((r) => Number(r.units) === 1)).toBe(true);

  const hash = await redisItem(app, itemId);
  expect(Number(hash.left)).toBe(0);
  expect(Object.keys(hash).filter((k) => k.startsWith('q:'))).toEqual([]);
  expect(heldInRedis(hash).filter(([, n]) => n > 0)).toHaveLength(N);
  const report = await app.http('POST', `/api/admin/flash/sessions/${session.id}/reconcile`, {
    token: await app.adminToken(),
    body: { fix: false },
  });
  expect(report.body.items[0]).toMatchObject({ redisLeft: 0, expectedLeft: 0, memberDrifts: 0, ticketsSettled: 0 });
  expect(await checkInvariants(app.services.sequelize)).toEqual([]);
}, 420_000);
