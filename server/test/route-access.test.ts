import { isKnownPermission } from '../src/platform/http/rbac';
import { startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

test('every registered route declares its access rule (public, member, admin permission, platform or sandbox)', () => {
  const declared = new Map(app.api.allRoutes().map((r) => [`${r.method} ${r.path}`, r.access]));
  const undeclared = app.api.registeredLayers().filter((l) => !declared.has(`${l.method} ${l.path}`));
  expect(undeclared).toEqual([]);
  for (const [route, access] of declared) {
    if (access.kind === 'admin') expect([route, isKnownPermission(access.permission)]).toEqual([route, true]);
  }
  expect(app.api.registeredLayers().length).toBeGreaterThan(15);
});

test('member and admin routes refuse a request without a token', async () => {
  for (const route of app.api.allRoutes()) {
    if (route.access.kind !== 'member' && route.access.kind !== 'admin') continue;
    const path = route.path.replace(/:([A-Za-z_]\w*)/g, '1');
    const res = await app.http(route.method, path, route.method === 'GET' ? {} : { body: {} });
    expect([`${route.method} ${route.path}`, res.status]).toEqual([`${route.method} ${route.path}`, 401]);
  }
});

test('every route with a body or parameters answers a malformed request with 400, a code, a message and a field', async () => {
  const member = (await app.loginMember('route-walker')).token;
  const admin = await app.adminToken();
  const checked: string[] = [];
  for (const route of app.api.allRoutes()) {
    const c = route.contract;
    if (!c || !(c.body || c.params)) continue;
    const token = route.access.kind === 'member' ? member : route.access.kind === 'admin' ? admin : undefined;
    // a path parameter of the wrong shape, or a body with the wrong types everywhere
    const path = route.path.replace(/:([A-Za-z_]\w*)/g, '%20');
    const res = await app.http(route.method, path, { token, body: c.body ? { unexpected: true } : undefined });
    expect([`${route.method} ${route.path}`, res.status]).toEqual([`${route.method} ${route.path}`, 400]);
    expect(res.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.any(String),
      field: expect.any(String),
    });
    checked.push(`${route.method} ${route.path}`);
  }
  expect(checked.length).toBeGreaterThan(8);
});
