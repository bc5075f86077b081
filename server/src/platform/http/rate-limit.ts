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

/** Who a request comes from, as the rules key it: a Koa context is one; so is a gated route's request. */
export interface RateLimitSubject {
  ip: string;
  state: { member?: { memberId: number } };
}

export interface RateLimitRule {
  name: string;
  limit: number;
  windowMs: number;
  /** Who is counted: the member when logged in, else the client address. */
  key?: (who: RateLimitSubject) => string;
}

const defaultKey = (who: RateLimitSubject) => (who.state.member ? `m:${who.state.member.memberId}` : `ip:${who.ip}`);

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
    const keys = rateLimitKeys(prefix, rules, ctx);
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
    enforceRateLimits(ctx, rules, counts);
    take?.(replies);
    await next();
  };
}

/** The buckets a request counts in, one per rule (the keys the Lua counts). */
export function rateLimitKeys(prefix: string, rules: readonly RateLimitRule[], who: RateLimitSubject): string[] {
  return rules.map((r) => `${prefix}:rl:${r.name}:${(r.key ?? defaultKey)(who)}`);
}

/**
 * The rate-limit answer from the counts: {count, ttl} per rule, in rule order (the ttl is read only for a rule
 * whose count passed its limit). Sets RateLimit-Limit/-Remaining on the answer (a Koa context, or a gated
 * route's), and refuses with 429 RATE_LIMITED (and Retry-After) when a rule is exceeded.
 */
export function enforceRateLimits(
  answer: { set(name: string, value: string): void },
  rules: readonly RateLimitRule[],
  counts: readonly number[],
): void {
  const remaining = Math.min(...rules.map((r, i) => r.limit - counts[2 * i]!));
  answer.set('RateLimit-Limit', String(Math.min(...rules.map((r) => r.limit))));
  answer.set('RateLimit-Remaining', String(Math.max(0, remaining)));
  const exceeded = rules.findIndex((r, i) => counts[2 * i]! > r.limit);
  if (exceeded >= 0) {
    answer.set('Retry-After', String(Math.ceil(Math.max(counts[2 * exceeded + 1]!, 0) / 1000)));
    throw new DomainError('RATE_LIMITED', 'Too many requests; try again shortly', 429);
  }
}

/**
 * The counting part of a script that guards its own work with the limits in the same round trip (the flash grab,
 * which counts several requests' buckets in one call): the Lua function `countLimits(firstKey, buckets, argAt)`
 * counts `buckets` buckets at KEYS[firstKey ...], their windows at ARGV[argAt ...] and their limits right after
 * (rateLimitArgs without its count), and answers the {count, ttl} pairs and whether a count passed its limit. The
 * ttl is read only for a bucket over its limit (the Retry-After), 0 for the others.
 */
export function rateLimitLuaFunction(): string {
  return `
local function countLimits(firstKey, buckets, argAt)
  local counts, over = {}, false
  for i = 0, buckets - 1 do
    local key = KEYS[firstKey + i]
    local n = redis.call('INCR', key)
    if n == 1 then redis.call('PEXPIRE', key, ARGV[argAt + i]) end
    local ttl = 0
    if n > tonumber(ARGV[argAt + buckets + i]) then
      over = true
      ttl = redis.call('PTTL', key)
    end
    counts[#counts + 1] = n
    counts[#counts + 1] = ttl
  end
  return counts, over
end
`;
}

/** The buckets' ARGV for rateLimitLuaFunction's callers: the count, the windows, the limits. */
export function rateLimitArgs(rules: readonly RateLimitRule[]): (string | number)[] {
  return [rules.length, ...rules.map((r) => r.windowMs), ...rules.map((r) => r.limit)];
}
