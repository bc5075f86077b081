// The grab's own work on bare node:http, no framework: the member token checked, the JSON body read and validated
// against the route's contract, the ticket, and the api's own Lua script (stock, member limit, ticket, pending list,
// the per-address and per-member rate limits) through the api's Redis client; answered 202 with the ticket or 409.
// No request id, no metrics, no logging, no error shapes: a ceiling for the grab on this machine, measured in the
// flash bench's run beside the api and bare Koa (what a framework costs, and what the machine leaves).
//
// Run with tsx (it imports the server's TypeScript): node --import tsx scripts/bench/support/bare-grab.mjs
//   env: PORT, REDIS_URL, REDIS_PREFIX (the api's: the same item hash), JWT_SECRET (the api's: the same tokens)
import http from 'node:http';
import shared from '@mall/shared';
import { stockKeys, takeStock, ticketOf } from '../../../server/src/modules/flashsale/flash-stock.ts';
import { createTokenService } from '../../../server/src/platform/http/auth.ts';
import { rateLimitArgs, rateLimitKeys } from '../../../server/src/platform/http/rate-limit.ts';
import { parseOrThrow } from '../../../server/src/platform/http/validate.ts';
import { createRedis } from '../../../server/src/platform/redis.ts';

const { PORT, REDIS_URL, REDIS_PREFIX, JWT_SECRET } = process.env;
const { grabFlashItem } = shared; // a CommonJS package: its exports on the default import
const redis = createRedis(REDIS_URL);
const tokens = createTokenService(JWT_SECRET);
const keys = stockKeys(REDIS_PREFIX);
const GRAB_PATH = /^\/api\/flash\/items\/(\d{1,10})\/grab(?:\?|$)/;
// the route's rules (flash-sale.routes.ts), with the bench's raised limits
const RULES = [
  { name: 'flash-grab-ip', limit: 10_000_000, windowMs: 60_000, key: (ctx) => `ip:${ctx.ip}` },
  { name: 'flash-grab-member', limit: 10_000_000, windowMs: 60_000, key: (ctx) => `m:${ctx.state.member.memberId}` },
];
const limitArgs = rateLimitArgs(RULES);

function answer(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function grab(req, res, itemId, memberId) {
  let text = '';
  req.setEncoding('utf8');
  for await (const chunk of req) text += chunk;
  const body = parseOrThrow(grabFlashItem.body, JSON.parse(text), 'body');
  const ticket = ticketOf(itemId, memberId, body.requestId);
  const grabbed = { itemId, memberId, quantity: body.quantity, ticket, address: JSON.stringify(body.address) };
  // the buckets the route counts in: its keys from what they read of a request (the address, the member)
  const who = { ip: req.socket.remoteAddress, state: { member: { memberId } } };
  const limits = { keys: rateLimitKeys(REDIS_PREFIX, RULES, who), args: limitArgs };
  const { outcome } = await takeStock(redis, keys, { ...grabbed, channel: 'h5' }, limits);
  if (outcome.kind !== 'taken') return answer(res, 409, { error: { code: outcome.kind } });
  answer(res, 202, { ticket, status: 'queued', orderNo: null, failCode: null });
}

http
  .createServer((req, res) => {
    const match = req.method === 'POST' ? GRAB_PATH.exec(req.url ?? '') : null;
    if (!match) return answer(res, 404, { error: { code: 'ROUTE_NOT_FOUND' } });
    let memberId;
    try {
      memberId = tokens.verifyMember((req.headers.authorization ?? '').slice(7)).memberId;
    } catch {
      return answer(res, 401, { error: { code: 'INVALID_TOKEN' } });
    }
    grab(req, res, Number(match[1]), memberId).catch((error) =>
      answer(res, 400, { error: { message: error.message } }),
    );
  })
  .listen(Number(PORT), '127.0.0.1', () => process.send?.('ready'));

process.on('SIGTERM', () => process.exit(0)); // a normal exit: a --cpu-prof profile is written
