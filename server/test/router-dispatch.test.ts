import { startTestApp, type TestApp } from './support/test-app';

// ApiRouter.routes(): a parameterless route spelled exactly goes straight to its chain; every other spelling still
// reaches the same route through koa-router. The answers must not differ between the two ways in.
const METRICS_TOKEN = 'scrape-token-for-router-test-0123';
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ METRICS_TOKEN });
});
afterAll(() => app.stop());

test('the exact path, a trailing slash and HEAD reach the same route with the same answer', async () => {
  const exact = await app.http('GET', '/api/products');
  const slash = await app.http('GET', '/api/products/');
  expect(exact.status).toBe(200);
  expect(slash.status).toBe(200);
  expect(slash.body).toEqual(exact.body);
  expect(exact.headers.get('etag')).toMatch(/^"/);
  expect(slash.headers.get('etag')).toBe(exact.headers.get('etag'));
  const head = await app.http('HEAD', '/api/products');
  expect(head.status).toBe(200);
  expect(head.text ?? '').toBe('');
});

test('guards, validation and 404/405 behave the same on the fast way in', async () => {
  expect((await app.http('GET', '/api/cart')).status).toBe(401); // member route, no token
  const bad = await app.http('GET', '/api/products?pageSize=0');
  expect(bad.status).toBe(400);
  expect(bad.body.error.field).toMatch(/pageSize/);
  expect((await app.http('GET', '/api/no-such-route')).status).toBe(404);
  expect((await app.http('PATCH', '/api/products')).status).toBe(405);
});

test('requests are timed under their route pattern, on either way in', async () => {
  await app.http('GET', '/api/products');
  const scrape = await app.http('GET', '/metrics', { token: METRICS_TOKEN });
  expect(scrape.text).toMatch(
    /http_request_duration_seconds_count\{method="GET",route="\/api\/products",status="200"\} [1-9]/,
  );
});
