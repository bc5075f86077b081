import { Histogram, Registry } from 'prom-client';
import { DurationHistogram } from './duration-histogram';

const BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const OBSERVED: [string, string, number, number][] = [
  ['GET', '/api/products', 200, 0.003],
  ['GET', '/api/products', 200, 0.005], // on a bound: in that bucket
  ['GET', '/api/products', 200, 0.0051],
  ['POST', '/api/flash/items/:itemId/grab', 202, 0.04],
  ['POST', '/api/flash/items/:itemId/grab', 202, 3], // above every bound: +Inf only
  ['POST', '/api/flash/items/:itemId/grab', 409, 0.0002],
  ['GET', '/api/products', 200, 1],
];

/** prom-client's own histogram, as the api used it, and ours: each in a registry of its own, same observations. */
async function both() {
  const theirs = new Registry();
  const histogram = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route pattern',
    labelNames: ['method', 'route', 'status'],
    buckets: BOUNDS,
    registers: [theirs],
  });
  const ours = new Registry();
  const duration = new DurationHistogram(
    'http_request_duration_seconds',
    'HTTP request duration by route pattern',
    BOUNDS,
  );
  ours.registerMetric(duration.asMetric());
  for (const [method, route, status, seconds] of OBSERVED) {
    histogram.labels({ method, route, status: String(status) }).observe(seconds);
    duration.of(method, route, status)(seconds);
  }
  return { theirs, ours, duration };
}

test("the exposition is prom-client's histogram's, line for line", async () => {
  const { theirs, ours } = await both();
  expect(await ours.metrics()).toBe(await theirs.metrics());
  // (prom-client's JSON lines carry an empty `exemplar`; ours has none)
  const json = async (r: Registry) =>
    JSON.parse(
      JSON.stringify(await r.getMetricsAsJSON(), (key, value: unknown) => (key === 'exemplar' ? undefined : value)),
    );
  expect(await json(ours)).toEqual(await json(theirs));
});

test('a recorder handed out keeps counting into its series; reset zeroes every series', async () => {
  const { theirs, ours, duration } = await both();
  const record = duration.of('GET', '/api/products', 200);
  theirs.resetMetrics();
  ours.resetMetrics();
  record(0.02);
  const count = (await duration.get()).values.find(
    (v) => v.metricName === 'http_request_duration_seconds_count' && v.labels.route === '/api/products',
  );
  expect(count?.value).toBe(1);
  expect((await duration.get()).values.filter((v) => v.metricName.endsWith('_count')).map((v) => v.value)).toEqual([
    1, 0, 0,
  ]);
});

test('bounds must rise from zero', () => {
  expect(() => new DurationHistogram('h', 'h', [0.1, 0.05])).toThrow(/bounds must rise/);
  expect(() => new DurationHistogram('h', 'h', [0, 1])).toThrow(/bounds must rise/);
});
