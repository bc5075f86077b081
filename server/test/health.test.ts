import { Sequelize } from 'sequelize';
import { ReadinessMonitor } from '../src/platform/http/health';
import { startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

test('/health answers readiness: database, redis, every queue with its counts, and the outbox backlog', async () => {
  const res = await app.http('GET', '/health');
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.body).toMatchObject({
    status: 'ok',
    database: { ok: true },
    redis: { ok: true },
    queues: { orders: { ok: true, waiting: expect.any(Number), failed: expect.any(Number) } },
    outbox: { ok: true, unrelayed: expect.any(Number) },
  });
  expect(Object.keys(res.body.queues)).toEqual(app.services.queues.all().map((q) => q.name));
});

test('many probes share one check: at most one per second, however many arrive', async () => {
  const first = await app.http('GET', '/health/ready');
  const burst = await Promise.all(Array.from({ length: 30 }, () => app.http('GET', '/health')));
  const checks = new Set([first, ...burst].map((r) => r.body.checkedAt as string));
  // the burst lands within the first check's second, or at most one newer check started behind it
  expect(checks.size).toBeLessThanOrEqual(2);
  const times = [...checks].map((t) => Date.parse(t)).sort();
  if (times.length === 2) expect(times[1] - times[0]).toBeGreaterThanOrEqual(1_000);
});

test('/health/ready is never more than a second old; /health/live checks nothing', async () => {
  const first = await app.http('GET', '/health/ready');
  // wait for the next second's check by polling (no fixed sleep)
  let later = first;
  while (later.body.checkedAt === first.body.checkedAt) later = await app.http('GET', '/health/ready');
  const ageMs = Date.now() - Date.parse(later.body.checkedAt);
  expect(ageMs).toBeLessThan(1_000 + 500);
  expect(Date.parse(later.body.checkedAt) - Date.parse(first.body.checkedAt)).toBeGreaterThanOrEqual(1_000);
  const live = await app.http('GET', '/health/live');
  expect(live.status).toBe(200);
  expect(live.body).toEqual({ status: 'ok' });
});

test('a database that does not answer makes readiness degraded', async () => {
  const unreachable = new Sequelize('mysql://root@127.0.0.1:1/none', { logging: false, dialect: 'mysql' });
  try {
    const monitor = new ReadinessMonitor({ ...app.services, sequelize: unreachable });
    const { ok, body } = await monitor.current();
    expect(ok).toBe(false);
    expect(body).toMatchObject({ status: 'degraded', database: { ok: false }, redis: { ok: true } });
    expect(body.database.detail).toBeTruthy();
  } finally {
    await unreachable.close();
  }
});
