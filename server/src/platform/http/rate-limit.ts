import type { Redis } from 'ioredis';
import type { Middleware, Context } from 'koa';
import { DomainError } from '../errors';

// INCR then set the window's expiry on the first hit, atomically: concurrent api processes share the bucket.
const SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { n, redis.call('PTTL', KEYS[1]) }
`;

export interface RateLimitRule {
  name: string;
  limit: number;
  windowMs: number;
  /** Who is counted: the member when logged in, else the client address. */
  key?: (ctx: Context) => string;
}

export function rateLimit(redis: Redis, prefix: string, rule: RateLimitRule): Middleware {
  const keyOf = rule.key ?? ((ctx: Context) => (ctx.state.member ? `m:${ctx.state.member.memberId}` : `ip:${ctx.ip}`));
  return async (ctx, next) => {
    const key = `${prefix}:rl:${rule.name}:${keyOf(ctx)}`;
    const [count, ttlMs] = (await redis.eval(SCRIPT, 1, key, String(rule.windowMs))) as [number, number];
    ctx.set('RateLimit-Limit', String(rule.limit));
    ctx.set('RateLimit-Remaining', String(Math.max(0, rule.limit - count)));
    if (count > rule.limit) {
      ctx.set('Retry-After', String(Math.ceil(Math.max(ttlMs, 0) / 1000)));
      throw new DomainError('RATE_LIMITED', 'Too many requests; try again shortly', 429);
    }
    await next();
  };
}
