import { permuteSuffix } from '../src/modules/orders/order-number';
import { ADDRESS, createProduct } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

jest.setTimeout(600_000); // about 1 minute idle, 3 minutes beside another CI run: room for a slower machine

const MEMBERS = 250;
const ORDERS_PER_MEMBER = 20; // 5,000 orders
const IN_FLIGHT = 50; // the concurrency at which random suffixes collided
const PRODUCTS = 10; // spread the stock row locks, as a real catalogue would

let app: TestApp;
beforeAll(async () => {
  // placing orders is the subject: the jobs and event listeners they trigger would only share this process's CPU
  // with the server and the 50 clients, so they are left queued (and dropped with the test's Redis prefix)
  app = await startTestApp({ RATE_LIMIT_ORDERS_PER_MINUTE: '100000', RUN_WORKER_IN_PROCESS: 'false' });
});
afterAll(() => app.stop());

/** Runs the tasks with at most `limit` of them in flight at once. */
async function runLimited<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const lanes = Array.from({ length: limit }, async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  });
  await Promise.all(lanes);
  return results;
}

test('the order-number suffix is a permutation: distinct inputs never share digits', () => {
  const seen = new Set<number>();
  for (let n = 0; n < 20_000; n++) {
    const suffix = permuteSuffix(n, 'secret', '20261130183000');
    expect(suffix).toBeGreaterThanOrEqual(0);
    expect(suffix).toBeLessThan(1_000_000);
    seen.add(suffix);
  }
  expect(seen.size).toBe(20_000);
  // the first orders of a second do not read 000000, 000001, ...: the digits tell nothing about volume
  expect(permuteSuffix(0, 'secret', '20261130183000')).not.toBe(permuteSuffix(0, 'secret', '20261130183001'));
});

test('5,000 orders placed concurrently over HTTP all succeed with distinct order numbers', async () => {
  const products = await Promise.all(
    Array.from({ length: PRODUCTS }, (_, i) => createProduct(app, { stock: 100_000, name: `压测商品${i}` })),
  );
  const tokens = await runLimited(
    Array.from({ length: MEMBERS }, (_, i) => async () => (await app.loginMember(`load-${i}`)).token),
    20,
  );
  const started = Date.now();
  const placements = tokens.flatMap((token, m) =>
    Array.from({ length: ORDERS_PER_MEMBER }, (_, k) => async () => {
      const res = await app.http('POST', '/api/orders', {
        token,
        body: {
          items: [{ skuId: products[(m + k) % PRODUCTS].skus[0].id, quantity: 1 }],
          address: ADDRESS,
          requestId: `load-${m}-${k}`,
        },
      });
      return { status: res.status, orderNo: res.body?.orderNo as string | undefined, text: res.text };
    }),
  );
  const results = await runLimited(placements, IN_FLIGHT);
  const seconds = (Date.now() - started) / 1000;

  const failures = results.filter((r) => r.status !== 201);
  expect(failures.slice(0, 3)).toEqual([]);
  const numbers = results.map((r) => r.orderNo);
  expect(numbers.every((n) => /^\d{20}$/.test(n ?? ''))).toBe(true);
  expect(new Set(numbers).size).toBe(5_000);
  const [{ n }] = await app.query<{ n: number }>('SELECT COUNT(DISTINCT order_no) AS n FROM orders');
  expect(Number(n)).toBe(5_000);
  console.log(`5,000 orders in ${seconds.toFixed(1)} s`);
});
