import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { z } from 'zod';
import { access, defineRoute, type HttpMethod } from '@mall/shared';
import { ApiRouter } from './api-router';

// ApiRouter.routes() answers exact spellings from its own tables; koa-router answers the rest. For every request
// below, the answer (which route, which params) must be what koa-router alone gives: the same router is served
// both ways and compared.
const ANY_PARAMS = z.record(z.string(), z.string());

function routerWith(paths: Array<[HttpMethod, string]>): ApiRouter {
  const api = new ApiRouter(
    { member: (_ctx, next) => next(), admin: () => (_ctx, next) => next(), isKnownPermission: () => true },
    { checkResponses: false },
  );
  for (const [method, path] of paths) {
    const contract = defineRoute({
      method,
      path,
      summary: path,
      tags: ['test'],
      access: access.public,
      ...(path.includes(':') ? { params: ANY_PARAMS } : {}),
    });
    api.add(contract, async ({ ctx, params }) => {
      ctx.body = { route: `${method} ${path}`, params: params ?? {}, matched: ctx._matchedRoute };
    });
  }
  return api;
}

async function serve(middleware: Koa.Middleware) {
  const app = new Koa();
  app.use(middleware);
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise((resolve) => server.close(resolve)) };
}

const ROUTES: Array<[HttpMethod, string]> = [
  ['GET', '/api/things/:id'],
  ['GET', '/api/things/special'], // registered after the parameter route: koa-router answers with :id
  ['GET', '/api/things/:id/parts/:partId'],
  ['POST', '/api/things/:id/grab'],
  ['GET', '/api/stuff/latest'],
  ['GET', '/api/stuff/:code'], // registered after the static route: the static one answers for "latest"
  ['GET', '/api/stuff/:code/:detail'],
  ['GET', '/api/stuff/:code/fixed'], // never reached for GET: the route above it takes every such path
];

const REQUESTS: Array<[string, string]> = [
  ['GET', '/api/things/12'],
  ['GET', '/api/things/special'],
  ['GET', '/api/things/12/'],
  ['GET', '/api/things/a%20b'],
  ['GET', '/api/things/%E4%B8%AD'],
  ['GET', '/api/things/%E4%B8'], // not valid percent-encoding: given as it is
  ['GET', '/api/things/12/parts/7'],
  ['GET', '/api/things//parts/7'],
  ['GET', '/API/things/12'],
  ['POST', '/api/things/9/grab'],
  ['GET', '/api/things/9/grab'],
  ['HEAD', '/api/things/12'],
  ['GET', '/api/stuff/latest'],
  ['GET', '/api/stuff/other'],
  ['GET', '/api/stuff/x/fixed'],
  ['GET', '/api/stuff/x/y'],
  ['GET', '/api/nothing/here'],
];

test('each request reaches the route and params koa-router alone gives', async () => {
  const api = routerWith(ROUTES);
  const fast = await serve(api.routes());
  const plain = await serve(api.router.routes() as Koa.Middleware);
  try {
    for (const [method, path] of REQUESTS) {
      const [a, b] = await Promise.all(
        [fast, plain].map(async (s) => {
          const res = await fetch(`${s.url}${path}`, { method });
          return { status: res.status, text: await res.text() };
        }),
      );
      expect({ method, path, ...a }).toEqual({ method, path, ...b });
    }
  } finally {
    await fast.close();
    await plain.close();
  }
});

test('the fast tables answer with the declared pattern and decoded params', async () => {
  const api = routerWith(ROUTES);
  const fast = await serve(api.routes());
  try {
    const res = await fetch(`${fast.url}/api/things/%E4%B8%AD/parts/7`);
    expect(await res.json()).toEqual({
      route: 'GET /api/things/:id/parts/:partId',
      params: { id: '中', partId: '7' },
      matched: '/api/things/:id/parts/:partId',
    });
    const special = await fetch(`${fast.url}/api/things/special`);
    expect(((await special.json()) as { route: string }).route).toBe('GET /api/things/:id');
    const latest = await fetch(`${fast.url}/api/stuff/latest`);
    expect(((await latest.json()) as { route: string }).route).toBe('GET /api/stuff/latest');
  } finally {
    await fast.close();
  }
});
