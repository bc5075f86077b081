import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Middleware, Context } from 'koa';
import { DomainError } from '../errors';

// For each bucket: INCR, then set the window's expiry on the first hit, atomically: concurrent api processes share
// the buckets. Several buckets (per member and per address) cost one round trip. Answers {count, ttl} per bucket.
const SCRIPT = `
local out = {}
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('PEXPIRE', key, ARGV[i]) end
  out[#out + 1] = n
  out[#out + 1] = redis.call('PTTL', key)
end
return out
`;
const SHA = createHash('sha1').update(SCRIPT).digest('hex');

export interface RateLimitRule {
  name: string;
  limit: number;
  windowMs: number;
  /** Who is counted: the member when logged in, else the client address. */
  key?: (ctx: Context) => string;
}

async function countHits(redis: Redis, keys: string[], windows: string[]): Promise<number[]> {
  try {
    return (await redis.evalsha(SHA, keys.length, ...keys, ...windows)) as number[];
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return (await redis.eval(SCRIPT, keys.length, ...keys, ...windows)) as number[];
  }
}

const defaultKey = (ctx: Context) => (ctx.state.member ? `m:${ctx.state.member.memberId}` : `ip:${ctx.ip}`);

/** One or more limits checked together in one Redis round trip; the first one exceeded refuses the request. */
export function rateLimit(redis: Redis, prefix: string, ...rules: [RateLimitRule, ...RateLimitRule[]]): Middleware {
  const windows = rules.map((r) => String(r.windowMs));
  return async (ctx, next) => {
    const keys = rules.map((r) => `${prefix}:rl:${r.name}:${(r.key ?? defaultKey)(ctx)}`);
    const counts = await countHits(redis, keys, windows);
    const remaining = Math.min(...rules.map((r, i) => r.limit - counts[2 * i]!));
    ctx.set('RateLimit-Limit', String(Math.min(...rules.map((r) => r.limit))));
    ctx.set('RateLimit-Remaining', String(Math.max(0, remaining)));
    const exceeded = rules.findIndex((r, i) => counts[2 * i]! > r.limit);
    if (exceeded >= 0) {
      ctx.set('Retry-After', String(Math.ceil(Math.max(counts[2 * exceeded + 1]!, 0) / 1000)));
      throw new DomainError('RATE_LIMITED', 'Too many requests; try again shortly', 429);
    }
    await next();
  };
}
