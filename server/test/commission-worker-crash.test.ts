import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkInvariants } from '../src/check-invariants';
import { ADDRESS, createProduct } from './support/fixtures';
import { queuesDrained } from './support/drained';
import { waitFor } from './support/loyalty-fixtures';
import { startTestApp, TEST_ADMIN, type TestApp } from './support/test-app';

/**
 * Commission accrual survives a worker killed with SIGKILL in the middle of it: the api (no workers of its own)
 * takes payments while the accrual events wait in the queue, a worker process starts on them and is killed as soon
 * as the first commissions are written, a second worker finishes. Every line and level is accrued exactly once,
 * and the ledger agrees with the commissions.
 */
const ROOT = path.join(__dirname, '../..');
const ORDERS = 12;
let app: TestApp;
const workers: ChildProcess[] = [];

const policyFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'crash-')), 'distribution.json');
writeFileSync(
  policyFile,
  JSON.stringify({
    levels: 2,
    rateBps: [1_000, 500],
    grades: [],
    qualification: 'everyone',
    selfPurchase: false,
    lineCapBps: 3_000,
    entry: { feeFen: 0, minSpendFen: 0 },
    referralReward: null,
    teamRewards: [],
    freezeDays: 7,
  }),
);

beforeAll(async () => {
  app = await startTestApp({ RUN_WORKER_IN_PROCESS: 'false', DISTRIBUTION_POLICY_FILE: policyFile });
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
      DISTRIBUTION_POLICY_FILE: policyFile,
      LOG_LEVEL: 'warn',
    },
  });
  workers.push(child);
  return child;
}

const count = async (sql: string) => Number((await app.query(sql))[0].n);

test('a worker killed (SIGKILL) while commissions accrue loses nothing and pays nothing twice', async () => {
  const top = await app.loginMember('crash-top');
  const mid = await app.loginMember('crash-mid', top.member.inviteCode);
  const [p1, p2] = [await createProduct(app, { priceFen: 2_000 }), await createProduct(app, { priceFen: 3_000 })];

  for (let i = 0; i < ORDERS; i += 1) {
    const buyer = await app.loginMember(`crash-buyer-${i}`, mid.member.inviteCode);
    const placed = await app.http('POST', '/api/orders', {
      token: buyer.token,
      body: {
        items: [
          { skuId: p1.skus[0].id, quantity: 1 },
          { skuId: p2.skus[0].id, quantity: 1 },
        ],
        address: ADDRESS,
        requestId: `crash-${process.pid}-${i}`,
      },
    });
    expect(placed.status).toBe(201);
    const prepay = await app.http('POST', '/api/payments/wechat/prepay', {
      token: buyer.token,
      body: { orderNo: placed.body.orderNo },
    });
    await app.http('POST', '/sandbox/wechatpay/confirm', {
      body: { prepayId: String(prepay.body.package).slice('prepay_id='.length) },
    });
  }
  await waitFor(async () => (await count("SELECT COUNT(*) AS n FROM orders WHERE status = 'paid'")) === ORDERS, 60_000);
  expect(await count('SELECT COUNT(*) AS n FROM commissions')).toBe(0); // no worker yet: the events wait

  // the first worker is killed as soon as it has written commissions, while the rest are still to come
  const first = startWorker();
  await waitFor(async () => (await count('SELECT COUNT(*) AS n FROM commissions')) > 0, 120_000);
  first.kill('SIGKILL');
  await new Promise((resolve) => (first.exitCode !== null ? resolve(null) : first.once('exit', resolve)));
  const atKill = await count('SELECT COUNT(*) AS n FROM commissions');

  startWorker();
  const expected = ORDERS * 2 * 2; // two lines, two levels
  await waitFor(async () => (await count('SELECT COUNT(*) AS n FROM commissions')) === expected, 180_000);
  await queuesDrained(app.services, { timeoutMs: 180_000 });
  expect(atKill).toBeLessThanOrEqual(expected);

  expect(await count('SELECT COUNT(*) AS n FROM commissions')).toBe(expected);
  expect(await count("SELECT COUNT(*) AS n FROM ledger_transactions WHERE kind = 'commission_accrued'")).toBe(expected);
  const frozen = async (memberId: number) =>
    Number(
      (await app.query('SELECT balance_fen FROM ledger_accounts WHERE code = ?', [`member:${memberId}:frozen`]))[0]
        .balance_fen,
    );
  expect(await frozen(mid.member.id)).toBe(ORDERS * (200 + 300)); // 10% of each line
  expect(await frozen(top.member.id)).toBe(ORDERS * (100 + 150)); // 5%
  expect(await checkInvariants(app.services.sequelize)).toEqual([]);
}, 420_000);
