import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import { z } from 'zod';
import { access, defineRoute } from '@mall/shared';
import type { Config } from '../config';
import { DomainError } from '../errors';
import { createLogger } from '../logger';
import { ApiRouter } from './api-router';
import { createTokenService, requireMember } from './auth';
import { errorBoundary } from './error-boundary';
import { jsonBody } from './json-body';
import { leanMemberRoute } from './lean-route';
import { createMetrics, measureRequests } from './metrics';
import { enforceRateLimits } from './rate-limit';
import { gateRequests } from './request-gates';
import { requestId } from './request-id';

// A member route served on the bare request (the gate) must answer every request as the same route behind the
// request chain does: one app is served with the gate in front and without it, and each answer compared (status,
// body, headers but the date), the request id aside when the server made it. The handler notes who served it.
const LIMIT = 1024;
const tokens = createTokenService('lean-route-test-secret-lean-route-test-0123');
const member = { memberId: 42, openid: 'o-42' };
const TOKEN = tokens.issueMemberToken(member);
const expired = createTokenService('another-secret-another-secret-another-0123').issueMemberToken(member);

const contract = defineRoute({
  method: 'POST',
  path: '/api/things/:thingId/take',
  summary: 'take a thing',
  tags: ['test'],
  access: access.member,
  params: z.object({ thingId: z.coerce.number().int().positive() }),
  body: z.object({ quantity: z.number().int().min(1).max(5), note: z.string().max(10).optional() }),
  response: z.object({ thingId: z.number(), quantity: z.number(), memberId: z.number(), ip: z.string() }),
  status: 202,
});

type Served = 'gate' | 'koa';

/** What both handlers do, given what each has of the request. */
async function take(
  input: { params: { thingId: number }; body: { quantity: number; note?: string }; channel: string },
  who: { memberId: number; ip: string },
  answer: { set(name: string, value: string): void },
) {
  answer.set('RateLimit-Limit', '5');
  if (input.body.note === 'limit') enforceRateLimits(answer, [{ name: 'x', limit: 1, windowMs: 60_000 }], [2, 30_500]);
  if (input.body.note === 'sold') throw new DomainError('SOLD_OUT', 'Sold out', 409, 'quantity');
  if (input.body.note === 'boom') throw new Error('the database went away');
  if (input.body.note === 'bad') return { thingId: 'x' } as never; // outside the contract: 500 outside production
  return { thingId: input.params.thingId, quantity: input.body.quantity, memberId: who.memberId, ip: who.ip };
}

async function serve(gated: boolean, served: Served[]) {
  const metrics = createMetrics();
  const logLines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void logLines.push(line) } });
  const api = new ApiRouter(
    { member: requireMember(tokens), admin: () => (_ctx, next) => next(), isKnownPermission: () => true },
    { checkResponses: true },
  );
  api.add(contract, async ({ ctx, params, body }) => {
    served.push('koa');
    return take({ params, body, channel: ctx.get('x-channel') }, { ...ctx.state.member, ip: ctx.ip }, ctx);
  });
  const app = new Koa();
  if (gated) {
    const config = { mode: 'test', checkResponses: true } as Config;
    const gate = leanMemberRoute(
      { config, tokens, metrics, logger },
      contract,
      async (input) => {
        served.push('gate');
        return take({ ...input, channel: input.header('x-channel') }, { ...input.member, ip: input.ip }, input);
      },
      { bodyLimitBytes: LIMIT },
    );
    gateRequests(app, [gate]);
  }
  app.use(requestId());
  app.use(measureRequests(metrics)); // as app.ts
  app.use(errorBoundary(logger));
  app.use(jsonBody(LIMIT));
  app.use(bodyParser({ enableTypes: ['json', 'form'], jsonLimit: LIMIT, formLimit: LIMIT }));
  app.use(api.routes());
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, metrics, logLines, close: () => new Promise((resolve) => server.close(resolve)) };
}

interface Case {
  name: string;
  path?: string;
  method?: string;
  type?: string | null;
  token?: string | null;
  body?: string;
  requestId?: string;
  /** Who must have served it through the gated app. */
  by: Served | null;
  /** The body is refused (read before the route is known to the chain). */
  bodyRefused?: boolean;
}

const OK = JSON.stringify({ quantity: 2 });
const CASES: Case[] = [
  { name: 'a grab', body: OK, by: 'gate' },
  { name: 'a grab with a query string', path: '/api/things/7/take?from=card', body: OK, by: 'gate' },
  { name: 'the caller’s request id', body: OK, requestId: 'abc-12345678', by: 'gate' },
  { name: 'an unsafe request id', body: OK, requestId: 'no spaces allowed', by: 'gate' },
  { name: 'no token', token: null, body: OK, by: null },
  { name: 'a token of another secret', token: expired, body: OK, by: null },
  { name: 'a bad param', path: '/api/things/abc/take', body: OK, by: null },
  { name: 'a bad body field', body: JSON.stringify({ quantity: 9 }), by: null },
  { name: 'an empty body', body: '', by: null },
  { name: 'not JSON', body: '{"quantity":', by: null, bodyRefused: true },
  { name: 'a JSON string', body: '"text"', by: null, bodyRefused: true },
  { name: 'a prototype key', body: '{"__proto__":{"x":1},"quantity":1}', by: null, bodyRefused: true },
  {
    name: 'over the body limit',
    body: JSON.stringify({ quantity: 1, note: 'x'.repeat(2 * LIMIT) }),
    by: null,
    bodyRefused: true,
  },
  { name: 'a domain refusal', body: JSON.stringify({ quantity: 1, note: 'sold' }), by: 'gate' },
  { name: 'a rate limit passed', body: JSON.stringify({ quantity: 1, note: 'limit' }), by: 'gate' },
  { name: 'an unexpected failure', body: JSON.stringify({ quantity: 1, note: 'boom' }), by: 'gate' },
  { name: 'an answer outside the contract', body: JSON.stringify({ quantity: 1, note: 'bad' }), by: 'gate' },
  // not taken by the gate: Koa and the same route answer
  { name: 'a JSON type the gate leaves', type: 'application/vnd.api+json', body: OK, by: 'koa' },
  { name: 'a trailing slash', path: '/api/things/7/take/', body: OK, by: 'koa' },
  { name: 'another method', method: 'PUT', body: OK, by: null },
  { name: 'another path', path: '/api/things/7/give', body: OK, by: null },
];

async function send(url: string, c: Case) {
  const headers: Record<string, string> = {};
  if (c.type !== null) headers['content-type'] = c.type ?? 'application/json';
  if (c.token !== null) headers.authorization = `Bearer ${c.token ?? TOKEN}`;
  if (c.requestId) headers['x-request-id'] = c.requestId;
  const res = await fetch(`${url}${c.path ?? '/api/things/7/take'}`, {
    method: c.method ?? 'POST',
    headers,
    body: c.body,
  });
  const text = await res.text();
  const answered = Object.fromEntries([...res.headers].filter(([name]) => !['date', 'keep-alive'].includes(name)));
  return { status: res.status, text, headers: answered };
}

/** The made request id replaced by a mark: the two servers make different ones. */
function comparable(answer: Awaited<ReturnType<typeof send>>, given: string | undefined) {
  const made = answer.headers['x-request-id']!;
  expect(made).toBeTruthy();
  if (given && /^[\w.-]{8,64}$/.test(given)) expect(made).toBe(given);
  const mark = (s: string) => s.split(made).join('<request id>');
  return { ...answer, text: mark(answer.text), headers: { ...answer.headers, 'x-request-id': '<request id>' } };
}

test.each(CASES)('$name: the gate answers as the request chain', async (c) => {
  const servedGated: Served[] = [];
  const servedRouted: Served[] = [];
  const gated = await serve(true, servedGated);
  const routed = await serve(false, servedRouted);
  try {
    const viaGate = comparable(await send(gated.url, c), c.requestId);
    const viaChain = comparable(await send(routed.url, c), c.requestId);
    expect(viaGate).toEqual(viaChain);
    expect(servedGated).toEqual(c.by ? [c.by] : []);
    // the request is measured under its route pattern, as the chain measures it
    const observed = async (m: typeof gated.metrics) =>
      (await m.httpDuration.get()).values
        .filter((v) => v.metricName === 'http_request_duration_seconds_count')
        .map((v) => v.labels);
    // (the chain reads the body before routing, so a body it refuses is 'unmatched'; the gate knows its route)
    const chainLabels = (await observed(routed.metrics)).map((l) =>
      l.route === 'unmatched' && c.bodyRefused ? { ...l, route: contract.path } : l,
    );
    expect(await observed(gated.metrics)).toEqual(chainLabels);
    // refusals and failures are logged alike (info, error with the cause)
    const logged = (lines: string[]) =>
      lines
        .map((l) => JSON.parse(l))
        .map(({ level, msg, status, code, method, path }) => ({ level, msg, status, code, method, path }));
    expect(logged(gated.logLines)).toEqual(logged(routed.logLines));
  } finally {
    await gated.close();
    await routed.close();
  }
});

test('the gate is for member routes only', () => {
  const config = { mode: 'test', checkResponses: false } as Config;
  const open = defineRoute({ ...contract, access: access.public });
  expect(() =>
    leanMemberRoute(
      { config, tokens, metrics: createMetrics(), logger: createLogger({ level: 'silent' }) },
      open,
      async () => ({ thingId: 1, quantity: 1, memberId: 1, ip: '' }),
      { bodyLimitBytes: LIMIT },
    ),
  ).toThrow('not a member route');
});
