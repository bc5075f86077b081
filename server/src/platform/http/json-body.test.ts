import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import { createLogger } from '../logger';
import { errorBoundary } from './error-boundary';
import { jsonBody } from './json-body';

// The lean reader must answer every request as the general body parser alone does: the same app is served with
// and without it, and each request's answer (status, error code, parsed body, raw body) compared.
const LIMIT = 1024;

async function serve(withLeanReader: boolean) {
  const app = new Koa();
  app.use(errorBoundary(createLogger({ level: 'silent' })));
  if (withLeanReader) app.use(jsonBody(LIMIT));
  app.use(bodyParser({ enableTypes: ['json', 'form'], jsonLimit: LIMIT, formLimit: LIMIT }));
  app.use((ctx) => {
    const request = ctx.request as typeof ctx.request & { rawBody?: string };
    ctx.body = { body: request.body ?? null, rawBody: request.rawBody ?? null, lean: withLeanReader };
  });
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise((resolve) => server.close(resolve)) };
}

interface Case {
  name: string;
  method?: string;
  type?: string;
  body?: string | Buffer;
}

const CASES: Case[] = [
  { name: 'an object', type: 'application/json', body: '{"quantity":1,"address":{"city":"杭州"}}' },
  { name: 'an array', type: 'application/json', body: '[1,2,3]' },
  { name: 'leading whitespace', type: 'application/json', body: ' \n\t{"a":1}' },
  { name: 'utf-8 charset', type: 'application/json; charset=utf-8', body: '{"name":"王芳"}' },
  { name: 'quoted UTF-8 charset', type: 'Application/JSON; charset="UTF-8"', body: '{"a":true}' },
  { name: 'an empty body', type: 'application/json', body: '' },
  { name: 'a BOM', type: 'application/json', body: '\ufeff{"a":1}' },
  { name: 'malformed', type: 'application/json', body: '{"code":' },
  { name: 'a bare string', type: 'application/json', body: '"hello"' },
  { name: 'a number', type: 'application/json', body: '42' },
  { name: '__proto__', type: 'application/json', body: '{"a":{"__proto__":{"admin":true}}}' },
  { name: 'constructor.prototype', type: 'application/json', body: '{"constructor":{"prototype":{"x":1}}}' },
  { name: 'a harmless constructor key', type: 'application/json', body: '{"constructor":"Koa"}' },
  { name: 'over the limit', type: 'application/json', body: `{"a":"${'x'.repeat(LIMIT)}"}` },
  { name: 'a form', type: 'application/x-www-form-urlencoded', body: 'a=1&b=%E7%8E%8B' },
  { name: 'a +json type', type: 'application/vnd.api+json', body: '{"a":1}' },
  { name: 'text', type: 'text/plain', body: 'hello' },
  { name: 'a PUT', method: 'PUT', type: 'application/json', body: '{"a":1}' },
  { name: 'a GET with a JSON type', method: 'GET', type: 'application/json' },
];

describe('the lean JSON body reader', () => {
  let lean: Awaited<ReturnType<typeof serve>>;
  let general: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    [lean, general] = await Promise.all([serve(true), serve(false)]);
  });
  afterAll(async () => {
    await Promise.all([lean.close(), general.close()]);
  });

  async function answer(url: string, c: Case) {
    const res = await fetch(`${url}/x`, {
      method: c.method ?? 'POST',
      headers: c.type ? { 'content-type': c.type } : {},
      ...(c.body !== undefined ? { body: c.body } : {}),
    });
    const json = (await res.json()) as { body?: unknown; rawBody?: unknown; error?: { code: string } };
    return {
      status: res.status,
      code: json.error?.code ?? null,
      body: json.body ?? null,
      rawBody: json.rawBody ?? null,
    };
  }

  test.each(CASES)('$name: the same answer as the general parser', async (c) => {
    const [a, b] = await Promise.all([answer(lean.url, c), answer(general.url, c)]);
    expect(a).toEqual(b);
  });

  test('the answers are what the rules say', async () => {
    const by = async (name: string) =>
      answer(
        lean.url,
        CASES.find((c) => c.name === name)!,
      );
    expect(await by('an object')).toMatchObject({ status: 200, body: { quantity: 1, address: { city: '杭州' } } });
    expect(await by('an empty body')).toMatchObject({ status: 200, body: {} });
    expect(await by('malformed')).toMatchObject({ status: 400, code: 'INVALID_JSON' });
    expect(await by('a bare string')).toMatchObject({ status: 400, code: 'INVALID_JSON' });
    expect(await by('__proto__')).toMatchObject({ status: 400, code: 'INVALID_JSON' });
    expect(await by('over the limit')).toMatchObject({ status: 413, code: 'BODY_TOO_LARGE' });
  });

  test('a body longer than its declared length limit is refused before it is read', async () => {
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${lean.url}/x`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(LIMIT * 4) },
      });
      req.on('response', (r) => {
        let body = '';
        r.on('data', (c: Buffer) => (body += c.toString()));
        r.on('end', () => resolve({ status: r.statusCode!, body }));
      });
      req.on('error', reject);
      req.write('{"a":'); // the rest never comes: the answer must not wait for it
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe('BODY_TOO_LARGE');
  });
});
