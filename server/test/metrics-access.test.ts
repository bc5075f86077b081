import { startTestApp, type TestApp } from './support/test-app';

const METRICS_TOKEN = 'scrape-token-for-this-test-0123';
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ METRICS_TOKEN });
});
afterAll(() => app.stop());

test('/metrics answers only a caller with the metrics bearer token', async () => {
  const anonymous = await app.http('GET', '/metrics');
  expect(anonymous.status).toBe(401);
  expect(anonymous.body.error.code).toBe('METRICS_TOKEN_REQUIRED');
  expect(anonymous.text).not.toContain('http_request_duration_seconds');

  const wrong = await app.http('GET', '/metrics', { token: 'scrape-token-for-this-test-9999' });
  expect(wrong.status).toBe(401);
  // an admin session is not a metrics credential either
  expect((await app.http('GET', '/metrics', { token: await app.adminToken() })).status).toBe(401);

  const scraper = await app.http('GET', '/metrics', { token: METRICS_TOKEN });
  expect(scraper.status).toBe(200);
  expect(scraper.text).toContain('http_request_duration_seconds');
});
