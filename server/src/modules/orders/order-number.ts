import { createHmac } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';
import { DomainError } from '../../platform/errors';

/**
 * Order numbers: 20 digits, the UTC+8 time to the second, then 6 digits that are the n-th order of that second
 * run through a keyed permutation of 000000..999999.
 *
 * Unique by construction, not by luck: n comes from one Redis INCR per second shared by every api process, and a
 * permutation never maps two n to the same digits (random digits collided about once in 3,400 orders at 50 at a
 * time). The permutation is keyed by a server secret and the second, so the digits say nothing about how many
 * orders came before. The unique index on order_no stays the last word.
 */
export const ORDER_NO_SUFFIX_SPACE = 1_000_000;
const HALF = 1_000; // the suffix as two halves of 3 digits, for the Feistel rounds
const ROUNDS = 4;
/** A second's counter lives long enough to outlast any clock step back between processes. */
const COUNTER_TTL_SECONDS = 3_600;

export function beijingStamp(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace(/[-T:]/g, '');
}

/** A bijection on 0..999,999 (balanced Feistel network over two base-1000 halves), keyed by key and stamp. */
export function permuteSuffix(n: number, key: string, stamp: string): number {
  let left = Math.floor(n / HALF);
  let right = n % HALF;
  for (let round = 0; round < ROUNDS; round++) {
    const mixed = createHmac('sha256', key).update(`${stamp}:${round}:${right}`).digest().readUInt32BE(0) % HALF;
    [left, right] = [right, (left + mixed) % HALF];
  }
  return left * HALF + right;
}

export interface OrderNoSource {
  redis: Redis;
  /** Keeps the counters apart per deployment (and per test file). */
  redisPrefix: string;
  /** Server secret keying the permutation. */
  secret: string;
}

// INCR, and the counter's expiry set with its first order, atomically (no counter is ever left without one)
const COUNTER_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n
`;

/**
 * Queues the counter of `now`'s second on a Redis pipeline (so it can share a round trip, e.g. with the order
 * rate limit); answers how to read the order number from its reply.
 */
export function queueOrderNo(
  source: OrderNoSource,
  pipeline: ChainableCommander,
  now = new Date(),
): (reply: [Error | null, unknown]) => string {
  const stamp = beijingStamp(now);
  // EVAL with the script's text (a hundred bytes): no script cache to miss, whatever pipeline it rides in
  pipeline.eval(COUNTER_SCRIPT, 1, `${source.redisPrefix}:order-no:${stamp}`, COUNTER_TTL_SECONDS);
  return ([error, n]) => {
    if (error) throw error;
    if (Number(n) > ORDER_NO_SUFFIX_SPACE) {
      throw new DomainError('ORDERS_BUSY', 'Too many orders this second; please submit again', 503);
    }
    return `${stamp}${String(permuteSuffix(Number(n) - 1, source.secret, stamp)).padStart(6, '0')}`;
  };
}

export async function nextOrderNo(source: OrderNoSource, now = new Date()): Promise<string> {
  const pipeline = source.redis.pipeline();
  const read = queueOrderNo(source, pipeline, now);
  const [reply] = (await pipeline.exec()) ?? [];
  return read(reply ?? [new Error('no answer from Redis'), null]);
}
