import { createHash, hash } from 'node:crypto';
import { Command } from 'ioredis';
import { cacheBus } from '../../platform/cache/invalidation-bus';
import { rateLimitLuaFunction } from '../../platform/http/rate-limit';
import type { Redis } from '../../platform/redis';

/**
 * The live flash stock in Redis, one hash per item (`<prefix>:flash:item:<id>`), changed only by the Lua scripts
 * below, each atomic:
 *   left, stock, limit, start, end (ms), on (1: the session is published)
 *   m:<memberId>   units this member holds (queued and ordered, not cancelled)
 *   q:<ticket>     "<memberId>:<qty>" while the ticket waits for its order (in flight)
 *   f:<memberId>   units of this member in flight (the sum of its q: fields; gone at 0)
 *   inflight, queued   units and tickets in flight (over all q: fields)
 *   x:<ticket>     the ticket's order was cancelled and its units came back (once)
 *   soldOutAt      when left first reached 0 (ms)
 *   ticketsKept    1 once the tickets hash's expiry is set (by the first grab after the hash was built)
 * and one hash of the item's tickets (`<prefix>:flash:tickets:<id>`, ticket → TicketRecord) with what the order
 * job needs and its outcome, kept as long as the item's hash (a week after the session's end); the same script
 * appends the ticket to the pending list, from which the workers' pump makes the order jobs. A ticket names its
 * item (ticketOf), so the pump's job and the member's poll find its hash from the ticket alone.
 * Everything in one item's hash is gone or there together; when gone (a Redis restart) it is rebuilt from the
 * database (`loadItem`), which is the truth for what was ordered. The in-flight sums are kept by the scripts that
 * add and remove q: fields, so nothing that reads the item (the reconcile, the live stats) reads the whole hash:
 * a crowd ahead of the workers leaves hundreds of thousands of q: fields, and one command over all of them held
 * Redis, and every grab behind it, for over a second.
 */

/**
 * A Lua script sent once per connection (EVALSHA), again after a script flush (NOSCRIPT). Through the client, its
 * call waits for the client's auto-pipelining (the end of the event-loop turn); with `writeAtOnce` it is written to
 * the connection at once.
 */
export function luaScript(lua: string, options: { writeAtOnce?: boolean } = {}) {
  const sha = createHash('sha1').update(lua).digest('hex');
  const send = (redis: Redis, name: 'evalsha' | 'eval', args: (string | number)[]): Promise<unknown> => {
    if (!options.writeAtOnce) return redis.call(name, ...args);
    const command = new Command(name, args, { replyEncoding: 'utf8' });
    void redis.sendCommand(command);
    return command.promise;
  };
  return async (redis: Redis, keys: string[], args: (string | number)[]): Promise<unknown> => {
    try {
      return await send(redis, 'evalsha', [sha, keys.length, ...keys, ...args]);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return send(redis, 'eval', [lua, keys.length, ...keys, ...args]);
    }
  };
}

// The grabs that arrive together, in one call (see GrabBatches), each checked and taken in turn,
// atomically: KEYS[1] the pending list, then per grab its item hash, the item's tickets hash and its rate-limit
// buckets; ARGV[1] now (ms), ARGV[2] how long the tickets hash is kept after the session's end (ms, set by the
// first grab the item's hash has no ticketsKept for), ARGV[3] buckets per grab, their windows and limits, then one
// "member|qty|item|channel|ticket|address" per grab (the address, JSON, last: it may hold a bar). Answers per grab
// {code, n, then {count, ttl} per bucket}: 1 taken (n left), 2 this ticket exists already, 0 sold out, -1 not
// loaded, -2 not started, -3 ended, -4 over the member's limit (n still allowed), -5 fewer left than asked (n left),
// -6 not on sale, -7 a rate limit was passed (nothing else looked at); -8 and Redis's error when a command of
// this grab failed (the others of the call go on). The call's taken tickets join the pending list together, in
// order, in one command (a refused push fails them as a grab's failed command does: -8).
const GRAB = luaScript(
  `
${rateLimitLuaFunction()}
local now, keep, buckets = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local function grab(item, tickets, member, qty, ticket, packed)
  if redis.call('HEXISTS', tickets, ticket) == 1 then return 2, 0 end
  local mk, fk = 'm:' .. member, 'f:' .. member
  local h = redis.call('HMGET', item, 'left', 'limit', 'start', 'end', 'on', mk, 'ticketsKept',
    fk, 'inflight', 'queued')
  if not h[1] then return -1, 0 end
  if h[5] ~= '1' then return -6, 0 end
  if now < tonumber(h[3]) then return -2, 0 end
  if now >= tonumber(h[4]) then return -3, 0 end
  local left = tonumber(h[1])
  if left <= 0 then return 0, 0 end
  local had, limit = tonumber(h[6] or '0'), tonumber(h[2])
  if had + qty > limit then return -4, limit - had end
  if qty > left then return -5, left end
  local set = {'left', left - qty, mk, had + qty, 'q:' .. ticket, member .. ':' .. qty, fk, tonumber(h[8] or '0') + qty,
    'inflight', tonumber(h[9] or '0') + qty, 'queued', tonumber(h[10] or '0') + 1}
  if not h[7] then set[#set + 1], set[#set + 2] = 'ticketsKept', 1 end
  redis.call('HSET', item, unpack(set))
  if left == qty then redis.call('HSETNX', item, 'soldOutAt', ARGV[1]) end
  redis.call('HSET', tickets, ticket, 'queued||' .. ARGV[1] .. '|' .. packed)
  if not h[7] then redis.call('PEXPIREAT', tickets, tonumber(h[4]) + keep) end
  return 1, left - qty
end
local function one(g, k)
  local member, qty, ticket = string.match(ARGV[g], '^(%d+)|(%d+)|%d+|[^|]*|([^|]+)|')
  local counts, over = countLimits(k + 2, buckets, 4)
  if over then return -7, 0, counts end
  local code, n = grab(KEYS[k], KEYS[k + 1], member, tonumber(qty), ticket, ARGV[g])
  return code, n, counts, ticket
end
local function failure(e) return type(e) == 'table' and e.err or tostring(e) end
local out, k, taken, at = {}, 2, {}, {}
for g = 4 + 2 * buckets, #ARGV do
  -- a grab Redis refuses (a key of the wrong type) fails alone: -8 and the error, the others go on
  local ok, code, n, counts, ticket = pcall(one, g, k)
  if not ok then code, n, counts = -8, failure(code), {} end
  if code == 1 then
    taken[#taken + 1] = ticket
    at[#at + 1] = #out + 1
  end
  out[#out + 1] = code
  out[#out + 1] = n
  for i = 1, 2 * buckets do out[#out + 1] = counts[i] or 0 end
  k = k + 2 + buckets
end
if #taken > 0 then
  local ok, e = pcall(redis.call, 'RPUSH', KEYS[1], unpack(taken))
  if not ok then for _, i in ipairs(at) do out[i], out[i + 1] = -8, failure(e) end end
end
return out
`,
  { writeAtOnce: true },
);

// The ticket's order was placed (ARGV[2] 'ordered', ARGV[3] the order number) or refused ('failed', the code):
// a queued ticket (KEYS[2] the item's tickets hash) takes the outcome. Once, only while its q: field is there: it
// leaves the in-flight sums, and a failed ticket's units go back to the item.
const SETTLE = luaScript(`
local q = redis.call('HGET', KEYS[1], 'q:' .. ARGV[1])
if q then
  local member, qty = string.match(q, '^(%d+):(%d+)$')
  qty = tonumber(qty)
  if ARGV[2] == 'failed' then
    redis.call('HINCRBY', KEYS[1], 'left', qty)
    redis.call('HINCRBY', KEYS[1], 'm:' .. member, -qty)
  end
  redis.call('HINCRBY', KEYS[1], 'inflight', -qty)
  redis.call('HINCRBY', KEYS[1], 'queued', -1)
  if redis.call('HINCRBY', KEYS[1], 'f:' .. member, -qty) <= 0 then redis.call('HDEL', KEYS[1], 'f:' .. member) end
  redis.call('HDEL', KEYS[1], 'q:' .. ARGV[1])
end
local t = redis.call('HGET', KEYS[2], ARGV[1])
local rest = t and string.match(t, '^queued|[^|]*|(.*)$')
if rest then redis.call('HSET', KEYS[2], ARGV[1], ARGV[2] .. '|' .. ARGV[3] .. '|' .. rest) end
if q and ARGV[2] == 'failed' then return 1 end
return 0
`);

// A cancelled order's units come back once per ticket (x:<ticket>); nothing when the hash is gone (a rebuild
// from the database already counts the cancellation).
const RELEASE = luaScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('HSETNX', KEYS[1], 'x:' .. ARGV[1], '1') == 0 then return 0 end
redis.call('HINCRBY', KEYS[1], 'left', tonumber(ARGV[3]))
redis.call('HINCRBY', KEYS[1], 'm:' .. ARGV[2], -tonumber(ARGV[3]))
return 1
`);

// Builds the hash from the database's figures, only when it is missing (two processes may rebuild at once):
// then field / value pairs (m:<member> units held, x:<ticket> for orders already cancelled, so a late release
// of one of them gives nothing back twice).
const LOAD = luaScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'left', ARGV[1], 'limit', ARGV[2], 'start', ARGV[3], 'end', ARGV[4], 'on', ARGV[5],
  'stock', ARGV[6])
for i = 8, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('PEXPIREAT', KEYS[1], ARGV[7])
return 1
`);

// The item's left against the database's: ARGV[1] stock - sold, ARGV[2] '1' to fix. Units in flight (inflight) count
// on top of the database. Answers {1, left before, expected left}, {0, 0, 0} when there is no hash.
const RECONCILE_LEFT = luaScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return {0, 0, 0} end
local h = redis.call('HMGET', KEYS[1], 'left', 'inflight')
local left, expected = tonumber(h[1] or '0'), tonumber(ARGV[1]) - tonumber(h[2] or '0')
if ARGV[2] == '1' and left ~= expected then redis.call('HSET', KEYS[1], 'left', expected) end
return {1, left, expected}
`);

// Some members' units against the database: ARGV[1] '1' to fix, then member / ordered pairs; a member holds what
// was ordered plus what is in flight (f:). Answers how many were off, -1 when there is no hash.
const RECONCILE_MEMBERS = luaScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local off = 0
for i = 2, #ARGV, 2 do
  local h = redis.call('HMGET', KEYS[1], 'm:' .. ARGV[i], 'f:' .. ARGV[i])
  local expected = tonumber(ARGV[i + 1]) + tonumber(h[2] or '0')
  if tonumber(h[1] or '0') ~= expected then
    off = off + 1
    if ARGV[1] == '1' then redis.call('HSET', KEYS[1], 'm:' .. ARGV[i], expected) end
  end
end
return off
`);

/** Fields an HSCAN step asks for, and members a RECONCILE_MEMBERS call compares: each command stays short. */
const SCAN_COUNT = 1_000;
const MEMBERS_A_CALL = 1_000;

/** How long an item's hash and its tickets are kept after the session's end. */
const KEEP_AFTER_END_MS = 7 * 86_400_000;

export interface FlashStockKeys {
  item(itemId: number): string;
  /** The item's tickets: ticket → TicketRecord. */
  tickets(itemId: number): string;
  /** Tickets taken and not yet handed to the flash queue (the pump moves them, flash-pump.ts). */
  pending: string;
  /** Tickets the pump took, by when, until their jobs are added. */
  moving: string;
}

/**
 * A ticket as its field in the item's tickets hash holds it (written by the grab's script in one command):
 * `<status>|<outcome>|<taken at, ms>|<member>|<qty>|<item>|<channel>|<ticket>|<address, JSON>`, the outcome being
 * the order number (ordered) or the refusal's code (failed), empty while queued; the address last (it may hold a
 * bar). The grab writes its packed argument after the first three fields as it came.
 */
export interface TicketRecord {
  status: 'queued' | 'ordered' | 'failed';
  /** The order number (ordered), the refusal's code (failed), '' while queued. */
  outcome: string;
  takenAt: number;
  memberId: number;
  quantity: number;
  itemId: number;
  channel: string;
  /** JSON. */
  address: string;
}

const TICKET_BARS = 8;

/** A ticket's record (TicketRecord) read back; null when there is none. */
export function parseTicket(raw: string | null): TicketRecord | null {
  if (raw === null) return null;
  const bars: number[] = [];
  for (let at = raw.indexOf('|'); at >= 0 && bars.length < TICKET_BARS; at = raw.indexOf('|', at + 1)) bars.push(at);
  const status = raw.slice(0, bars[0]);
  if (bars.length < TICKET_BARS || (status !== 'queued' && status !== 'ordered' && status !== 'failed')) {
    throw new Error(`a flash ticket's record is malformed: ${raw.slice(0, 60)}`);
  }
  const field = (i: number) => raw.slice(bars[i - 1]! + 1, bars[i]);
  return {
    status,
    outcome: field(1),
    takenAt: Number(field(2)),
    memberId: Number(field(3)),
    quantity: Number(field(4)),
    itemId: Number(field(5)),
    channel: field(6),
    address: raw.slice(bars[TICKET_BARS - 1]! + 1),
  };
}

export const stockKeys = (prefix: string): FlashStockKeys => ({
  item: (itemId) => `${prefix}:flash:item:${itemId}`,
  tickets: (itemId) => `${prefix}:flash:tickets:${itemId}`,
  pending: `${prefix}:flash:pending`,
  moving: `${prefix}:flash:moving`,
});

/**
 * The ticket of a grab: `ft`, the item's id in 8 hex digits, then 24 hex digits of a digest of the item, the
 * member and the request id, so the same member, item and request id always make the same ticket (a retry is no
 * new grab) and a ticket names its item (itemOfTicket: where its record is). One-shot `hash` (no Hash object per
 * grab; the digest is createHash's).
 */
export function ticketOf(itemId: number, memberId: number, requestId: string): string {
  if (!Number.isInteger(itemId) || itemId < 1 || itemId > 0xffffffff) throw new Error(`bad flash item id ${itemId}`);
  const digest = hash('sha256', `${itemId}:${memberId}:${requestId}`, 'hex');
  return `ft${itemId.toString(16).padStart(8, '0')}${digest.slice(0, 24)}`;
}

/** The item a ticket names (ticketOf); tickets made before 2026-12-03 name none that holds them. */
export function itemOfTicket(ticket: string): number {
  return Number.parseInt(ticket.slice(2, 10), 16);
}

/** A ticket's record from its item's tickets hash; null when Redis no longer holds it. */
export async function readTicket(redis: Redis, keys: FlashStockKeys, ticket: string): Promise<TicketRecord | null> {
  return parseTicket(await redis.hget(keys.tickets(itemOfTicket(ticket)), ticket));
}

export type GrabOutcome =
  | { kind: 'taken'; left: number }
  | { kind: 'duplicate' }
  | { kind: 'sold_out' }
  | { kind: 'not_loaded' }
  | { kind: 'not_started' }
  | { kind: 'ended' }
  | { kind: 'limit'; allowed: number }
  | { kind: 'not_enough'; left: number }
  | { kind: 'off' }
  | { kind: 'rate_limited' };

const GRAB_FAILED = -8;
const OUTCOMES: Record<number, (n: number) => GrabOutcome> = {
  1: (left) => ({ kind: 'taken', left }),
  2: () => ({ kind: 'duplicate' }),
  0: () => ({ kind: 'sold_out' }),
  [-1]: () => ({ kind: 'not_loaded' }),
  [-2]: () => ({ kind: 'not_started' }),
  [-3]: () => ({ kind: 'ended' }),
  [-4]: (allowed) => ({ kind: 'limit', allowed: Math.max(0, allowed) }),
  [-5]: (left) => ({ kind: 'not_enough', left }),
  [-6]: () => ({ kind: 'off' }),
  [-7]: () => ({ kind: 'rate_limited' }),
};

/** Rate-limit buckets a grab counts in its own script (rateLimitLuaFunction): their keys and rateLimitArgs. */
export interface GrabLimits {
  keys: readonly string[];
  args: readonly (string | number)[];
}
const NO_LIMITS: GrabLimits = { keys: [], args: [0] };

export interface GrabRequest {
  itemId: number;
  memberId: number;
  quantity: number;
  ticket: string;
  /** JSON. */
  address: string;
  channel: string;
}

export interface GrabTaken {
  outcome: GrabOutcome;
  /** {count, ttl} per rate-limit bucket, in the order of the limits' keys. */
  limitCounts: number[];
}

/**
 * The grab's script: counts the rate-limit buckets, then (unless one was passed: `rate_limited`) checks and takes
 * the stock. Answers the outcome and the {count, ttl} pair of each bucket. The grabs of one event-loop turn go to
 * Redis in one call (GrabBatches).
 */
export function takeStock(
  redis: Redis,
  keys: FlashStockKeys,
  grab: GrabRequest,
  limits: GrabLimits = NO_LIMITS,
): Promise<GrabTaken> {
  let batches = batchesByClient.get(redis);
  if (!batches) {
    batches = new GrabBatches(redis);
    batchesByClient.set(redis, batches);
  }
  return batches.take(keys, grab, limits);
}

interface QueuedGrab {
  grab: GrabRequest;
  keys: FlashStockKeys;
  limits: GrabLimits;
  resolve(taken: GrabTaken): void;
  reject(error: unknown): void;
}

/**
 * A call carries at most this many grabs and goes out as soon as it is full: Redis runs the call's grabs while the
 * api reads the next requests (on the other core), instead of the api waiting for one reply to a whole turn's
 * grabs and Redis waiting for the next turn (the machine sat about a fifth idle under the crowd; with calls of 16,
 * about a tenth). It also bounds how long one call holds Redis.
 */
const MAX_GRABS_A_CALL = 16;

/**
 * The grabs that arrive together go to Redis as one script call, each grab still checked and taken on its own
 * within it (one after another, as separate calls would run, each atomically). A call's fixed costs (the command,
 * its promise, the client's pipeline bookkeeping, Redis's parsing and script setup) were about 15 µs of the api's
 * CPU a grab when each grab was a call with its fifteen-odd arguments; a grab now adds its keys and one packed
 * argument. A call goes out when it holds MAX_GRABS_A_CALL grabs, else at the end of the event-loop turn
 * (setImmediate, as the client's own auto-pipelining would send it), written at once (past the auto-pipelining).
 * Grabs go together when they share the pending list and the limits' windows and counts (the retry after loading
 * an item counts no limits: another call).
 */
class GrabBatches {
  private readonly queues = new Map<string, QueuedGrab[]>();

  constructor(private readonly redis: Redis) {}

  take(keys: FlashStockKeys, grab: GrabRequest, limits: GrabLimits): Promise<GrabTaken> {
    const together = `${keys.pending}|${limits.args.join(',')}`;
    let queue = this.queues.get(together);
    if (!queue) {
      queue = [];
      this.queues.set(together, queue);
      setImmediate(() => this.flush(together, queue!));
    }
    const taken = new Promise<GrabTaken>((resolve, reject) => queue.push({ grab, keys, limits, resolve, reject }));
    if (queue.length === MAX_GRABS_A_CALL) this.flush(together, queue);
    return taken;
  }

  private flush(together: string, queue: QueuedGrab[]) {
    if (this.queues.get(together) === queue) this.queues.delete(together);
    if (queue.length === 0) return;
    void this.send(queue.splice(0));
  }

  private async send(batch: QueuedGrab[]) {
    const { keys, limits } = batch[0]!;
    const buckets = Number(limits.args[0]);
    const scriptKeys = [keys.pending];
    const args: (string | number)[] = [Date.now(), KEEP_AFTER_END_MS, ...limits.args];
    for (const { grab, limits: own } of batch) {
      scriptKeys.push(keys.item(grab.itemId), keys.tickets(grab.itemId), ...own.keys);
      args.push(`${grab.memberId}|${grab.quantity}|${grab.itemId}|${grab.channel}|${grab.ticket}|${grab.address}`);
    }
    let answers: number[];
    try {
      answers = (await GRAB(this.redis, scriptKeys, args)) as number[];
    } catch (error) {
      for (const queued of batch) queued.reject(error);
      return;
    }
    const width = 2 + 2 * buckets;
    batch.forEach((queued, i) => {
      const at = i * width;
      const code = answers[at]!;
      if (code === GRAB_FAILED) queued.reject(new Error(`the flash grab's script failed: ${answers[at + 1]}`));
      else
        queued.resolve({ outcome: OUTCOMES[code]!(answers[at + 1]!), limitCounts: answers.slice(at + 2, at + width) });
    });
  }
}

const batchesByClient = new WeakMap<Redis, GrabBatches>();

/** Settles a queued ticket; true when a failed ticket's units went back to the item now. */
export async function settleTicket(
  redis: Redis,
  keys: FlashStockKeys,
  itemId: number,
  ticket: string,
  outcome: { status: 'ordered'; orderNo: string } | { status: 'failed'; failCode: string },
): Promise<boolean> {
  // a bar would end the outcome's field early: codes and order numbers have none, but a code is no place to trust
  const value = (outcome.status === 'ordered' ? outcome.orderNo : outcome.failCode).replaceAll('|', '/');
  const returned =
    (await SETTLE(redis, [keys.item(itemId), keys.tickets(itemId)], [ticket, outcome.status, value])) === 1;
  if (returned) announceStockBack(itemId);
  return returned;
}

/** A cancelled order's units back to the item; 1 now, 0 already, -1 nothing in Redis (the rebuild counts it). */
export async function releaseTicket(
  redis: Redis,
  keys: FlashStockKeys,
  grab: { itemId: number; ticket: string; memberId: number; quantity: number },
): Promise<number> {
  const result = Number(await RELEASE(redis, [keys.item(grab.itemId)], [grab.ticket, grab.memberId, grab.quantity]));
  if (result === 1) announceStockBack(grab.itemId);
  return result;
}

export interface ItemFigures {
  left: number;
  stock: number;
  limit: number;
  startsAt: Date;
  endsAt: Date;
  isOn: boolean;
  heldByMember: Map<number, number>;
  /** Tickets whose order was cancelled (their units are in `left` already). */
  releasedTickets: readonly string[];
}

/** Writes the item's hash from the database's figures unless it exists; true when it wrote it. */
export async function loadItem(redis: Redis, keys: FlashStockKeys, itemId: number, f: ItemFigures) {
  const fields = [
    ...[...f.heldByMember].filter(([, n]) => n > 0).flatMap(([member, n]) => [`m:${member}`, n]),
    ...f.releasedTickets.flatMap((ticket) => [`x:${ticket}`, 1]),
  ];
  const args = [
    f.left,
    f.limit,
    f.startsAt.getTime(),
    f.endsAt.getTime(),
    f.isOn ? 1 : 0,
    f.stock,
    f.endsAt.getTime() + KEEP_AFTER_END_MS,
    ...fields,
  ];
  return (await LOAD(redis, [keys.item(itemId)], args)) === 1;
}

/**
 * The item's hash read a slice at a time (HSCAN, no command over the whole hash): its tickets in flight and the
 * members it holds units for; null when there is no hash. Not a snapshot: a grab or a settle during the scan may
 * or may not show (the reconcile looks again a minute later).
 */
export async function scanItem(
  redis: Redis,
  keys: FlashStockKeys,
  itemId: number,
): Promise<{ inFlight: string[]; members: number[] } | null> {
  const inFlight = new Set<string>(); // a scan may return a field twice
  const members = new Set<number>();
  let cursor = '0';
  let fields = 0;
  do {
    const [next, flat] = await redis.hscan(keys.item(itemId), cursor, 'COUNT', SCAN_COUNT);
    cursor = next;
    fields += flat.length;
    for (let i = 0; i < flat.length; i += 2) {
      const field = flat[i]!;
      if (field.startsWith('q:')) inFlight.add(field.slice(2));
      else if (field.startsWith('m:')) members.add(Number(field.slice(2)));
    }
  } while (cursor !== '0');
  return fields === 0 ? null : { inFlight: [...inFlight], members: [...members] };
}

/**
 * Compares the item's hash with the database and, with `fix`, sets it to what the database says: left = stock -
 * sold - in flight, one script; each member's units = ordered + in flight, for the members the database has orders
 * of and those the hash holds units for (`heldBy`, from scanItem), a thousand members a script.
 */
export async function reconcileItemStock(
  redis: Redis,
  keys: FlashStockKeys,
  itemId: number,
  db: { stockLeft: number; orderedByMember: Map<number, number> },
  heldBy: readonly number[],
  fix: boolean,
): Promise<{ redisLeft: number | null; expectedLeft: number; memberDrifts: number }> {
  const key = keys.item(itemId);
  const answer = await RECONCILE_LEFT(redis, [key], [db.stockLeft, fix ? 1 : 0]);
  const [found, left, expectedLeft] = answer as [number, number, number];
  if (!found) return { redisLeft: null, expectedLeft: db.stockLeft, memberDrifts: 0 };
  const members = new Map(db.orderedByMember);
  for (const member of heldBy) if (!members.has(member)) members.set(member, 0);
  const pairs = [...members].flat();
  let memberDrifts = 0;
  for (let i = 0; i < pairs.length; i += 2 * MEMBERS_A_CALL) {
    const off = Number(await RECONCILE_MEMBERS(redis, [key], [fix ? 1 : 0, ...pairs.slice(i, i + 2 * MEMBERS_A_CALL)]));
    if (off < 0) break; // the hash went away meanwhile: the next grab rebuilds it from the database
    memberDrifts += off;
  }
  if (fix && expectedLeft > 0 && left !== expectedLeft) announceStockBack(itemId);
  return { redisLeft: left, expectedLeft, memberDrifts };
}

// ---- the process-local sold-out flag: the sold-out answer costs no Redis round trip ----

export const FLASH_STOCK_TOPIC = 'flash-stock';
/** How long a flag holds without news: stock that came back while the message was lost shows after this. */
const SOLD_OUT_FLAG_MS = 3_000;
const soldOutUntil = new Map<number, number>();

export function isSoldOutHere(itemId: number): boolean {
  const until = soldOutUntil.get(itemId);
  if (until === undefined) return false;
  if (until > Date.now()) return true;
  soldOutUntil.delete(itemId);
  return false;
}

export function markSoldOutHere(itemId: number): void {
  soldOutUntil.set(itemId, Date.now() + SOLD_OUT_FLAG_MS);
}

/** Units came back to an item: every process drops its sold-out flag for it (pub/sub, this process at once). */
export function announceStockBack(itemId: number): void {
  cacheBus.publish(FLASH_STOCK_TOPIC, [itemId]);
}

cacheBus.on(FLASH_STOCK_TOPIC, (ids) => {
  if (!ids) soldOutUntil.clear();
  else for (const id of ids) soldOutUntil.delete(Number(id));
});
