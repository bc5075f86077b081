import type { ChainableCommander, Redis } from 'ioredis';
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
const COMMAND = 'mallRateLimitHits';

/** The script as a command of this client (ioredis sends EVALSHA, and the script itself once per connection). */
function withHitsCommand(redis: Redis): Redis & HitsCommand {
  if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { lua: SCRIPT });
  return redis as Redis & HitsCommand;
}
type HitsCommand = Record<typeof COMMAND, (numberOfKeys: number, ...keysThenWindows: string[]) => Promise<number[]>>;

/**
 * Commands that ride in a rate limit's Redis round trip (queued after its count, sent in the same write): it
 * answers what to do with their replies once the limit let the request through.
 */
export type Alongside = (ctx: Context, pipeline: ChainableCommander) => (replies: [Error | null, unknown][]) => void;

export interface RateLimitRule {
  name: string;
  limit: number;
  windowMs: number;
  /** Who is counted: the member when logged in, else the client address. */
  key?: (ctx: Context) => string;
}

const defaultKey = (ctx: Context) => (ctx.state.member ? `m:${ctx.state.member.memberId}` : `ip:${ctx.ip}`);

/** One or more limits checked together in one Redis round trip; the first one exceeded refuses the request. */
export function rateLimit(redis: Redis, prefix: string, ...rules: [RateLimitRule, ...RateLimitRule[]]): Middleware {
  return rateLimitWith(redis, prefix, rules);
}

/** rateLimit, with `alongside`'s commands in the same round trip (the order number: flows/place-order.ts). */
export function rateLimitWith(
  redis: Redis,
  prefix: string,
  rules: readonly [RateLimitRule, ...RateLimitRule[]],
  alongside?: Alongside,
): Middleware {
  const windows = rules.map((r) => String(r.windowMs));
  const client = withHitsCommand(redis);
  return async (ctx, next) => {
    const keys = rules.map((r) => `${prefix}:rl:${r.name}:${(r.key ?? defaultKey)(ctx)}`);
    let counts: number[];
    let take: ((replies: [Error | null, unknown][]) => void) | undefined;
    let replies: [Error | null, unknown][] = [];
    if (!alongside) {
      counts = await client[COMMAND](keys.length, ...keys, ...windows);
    } else {
      const pipeline = client.pipeline() as ChainableCommander & HitsCommand;
      void pipeline[COMMAND](keys.length, ...keys, ...windows);
      take = alongside(ctx, pipeline);
      const all = (await pipeline.exec()) ?? [];
      const [hitsError, hits] = all[0] ?? [new Error('no answer from Redis'), null];
      if (hitsError) throw hitsError;
      counts = hits as number[];
      replies = all.slice(1);
    }
    const remaining = Math.min(...rules.map((r, i) => r.limit - counts[2 * i]!));
    ctx.set('RateLimit-Limit', String(Math.min(...rules.map((r) => r.limit))));
    ctx.set('RateLimit-Remaining', String(Math.max(0, remaining)));
    const exceeded = rules.findIndex((r, i) => counts[2 * i]! > r.limit);
    if (exceeded >= 0) {
      ctx.set('Retry-After', String(Math.ceil(Math.max(counts[2 * exceeded + 1]!, 0) / 1000)));
      throw new DomainError('RATE_LIMITED', 'Too many requests; try again shortly', 429);
    }
    take?.(replies);
    await next();
  };
}
