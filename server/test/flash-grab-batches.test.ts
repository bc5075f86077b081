import { randomUUID } from 'node:crypto';
import {
  itemOfTicket,
  loadItem,
  parseTicket,
  readTicket,
  reconcileItemStock,
  scanItem,
  settleTicket,
  stockKeys,
  takeStock,
  ticketOf,
  type GrabRequest,
  type GrabTaken,
} from '../src/modules/flashsale/flash-stock';
import { rateLimitArgs } from '../src/platform/http/rate-limit';
import { createRedis, type Redis } from '../src/platform/redis';

/**
 * The grabs that arrive together go to Redis in one script call (at most 16 a call), each still checked and taken
 * on its own: the same grabs sent together and sent one at a time (each awaited) must end with the same answers and
 * the same Redis state. Real Redis.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let redis: Redis;
const prefixes: string[] = [];
beforeAll(() => {
  redis = createRedis(REDIS_URL);
});
afterAll(async () => {
  for (const prefix of prefixes) {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
  }
  await redis.quit();
});

const RULES = [
  { name: 'grab-ip', limit: 1_000, windowMs: 60_000 },
  { name: 'grab-member', limit: 4, windowMs: 60_000 },
];
const ADDRESS = JSON.stringify({
  receiverName: '王|芳',
  phone: '13800138000',
  region: '上海市',
  detail: '一号\n二楼|东',
});

async function freshItems(prefix: string, now = Date.now()) {
  prefixes.push(prefix);
  const keys = stockKeys(prefix);
  const figures = (stock: number, limit: number) => ({
    left: stock,
    stock,
    limit,
    startsAt: new Date(now - 60_000),
    endsAt: new Date(now + 3_600_000),
    isOn: true,
    heldByMember: new Map<number, number>(),
    releasedTickets: [],
  });
  await loadItem(redis, keys, 1, figures(5, 2)); // scarce: 5 units, 2 a member
  await loadItem(redis, keys, 2, figures(100, 9));
  return keys;
}

/** 42 grabs from 10 members over both items: two retry an earlier grab (the same ticket), and member 100 grabs six
 * times (four a minute allowed). */
function grabsOf(): { grab: GrabRequest; memberId: number }[] {
  const grabOf = (i: number, memberId: number) => {
    const itemId = i % 3 === 0 ? 2 : 1;
    const ticket = ticketOf(itemId, memberId, `r-${i}`);
    return { grab: { itemId, memberId, quantity: 1, ticket, address: ADDRESS, channel: 'h5' }, memberId };
  };
  const grabs = Array.from({ length: 38 }, (_, i) => grabOf(i, 100 + (i % 10)));
  return [...grabs, grabs[18]!, grabs[9]!, grabOf(40, 100), grabOf(41, 100)];
}

function limitsOf(prefix: string, memberId: number) {
  return {
    keys: [`${prefix}:rl:grab-ip:ip:127.0.0.1`, `${prefix}:rl:grab-member:m:${memberId}`],
    args: rateLimitArgs(RULES),
  };
}

async function stateOf(prefix: string, tickets: string[]) {
  const keys = stockKeys(prefix);
  const items = await Promise.all([1, 2].map((id) => redis.hgetall(keys.item(id))));
  const ticketRecords = await Promise.all(tickets.map((t) => readTicket(redis, keys, t)));
  const pending = await redis.lrange(keys.pending, 0, -1);
  // the sold-out time and the tickets' taken-at are clocks: present or not, not their value
  const clockless = (h: Record<string, string>): Record<string, string> => ({
    ...h,
    ...(h.soldOutAt ? { soldOutAt: 'set' } : {}),
  });
  return {
    items: items.map((h) => {
      const entries = Object.entries(clockless(h)).map(([k, v]) => [k.startsWith('q:') ? 'q:' : k, v]);
      return entries.sort();
    }),
    tickets: ticketRecords.map((t) => t && { ...t, takenAt: t.takenAt > 0 ? 'set' : 'missing' }),
    pending,
  };
}

/** The script calls this test's client sends (other test files share the server). */
function countScriptCalls() {
  const spy = jest.spyOn(redis, 'sendCommand');
  return () => {
    const calls = spy.mock.calls.filter(([command]) => command.name === 'evalsha').length;
    spy.mockRestore();
    return calls;
  };
}

test('grabs sent together answer as the same grabs sent one at a time, and go in calls of at most 16', async () => {
  const together = `test-batch-${randomUUID()}`;
  const alone = `test-alone-${randomUUID()}`;
  const grabs = grabsOf();
  const now = Date.now(); // both copies' slots alike
  const [keysTogether, keysAlone] = [await freshItems(together, now), await freshItems(alone, now)];

  const scriptCalls = countScriptCalls();
  const answersTogether = await Promise.all(
    grabs.map(({ grab, memberId }) => takeStock(redis, keysTogether, grab, limitsOf(together, memberId))),
  );
  const calls = scriptCalls();
  const answersAlone: GrabTaken[] = [];
  for (const { grab, memberId } of grabs) {
    answersAlone.push(await takeStock(redis, keysAlone, grab, limitsOf(alone, memberId)));
  }

  // the same answers (a ttl is a clock: only whether it was read)
  const clockless = (answers: typeof answersAlone) =>
    answers.map((a) => ({ ...a, limitCounts: a.limitCounts.map((n, i) => (i % 2 === 1 && n > 0 ? 'read' : n)) }));
  expect(clockless(answersTogether)).toEqual(clockless(answersAlone));
  // 42 grabs in one turn: calls of 16, 16 and 10
  expect(calls).toBe(3);
  // what they say: 5 taken of the scarce item, nobody over 2 of it or over 3 grabs a minute, the retries known
  const kinds = answersTogether.map((a) => a.outcome.kind);
  expect(answersTogether.filter((a, i) => a.outcome.kind === 'taken' && grabs[i]!.grab.itemId === 1)).toHaveLength(5);
  expect(kinds.slice(38)).toEqual(['duplicate', 'duplicate', 'rate_limited', 'rate_limited']);
  const counted = new Map<number, number>();
  for (const [i, a] of answersTogether.entries()) {
    const memberId = grabs[i]!.memberId;
    counted.set(memberId, (counted.get(memberId) ?? 0) + 1);
    const [ipCount, ipTtl, memberCount, memberTtl] = a.limitCounts;
    expect([ipCount, ipTtl]).toEqual([i + 1, 0]); // every grab counted, in order
    expect(memberCount).toBe(counted.get(memberId)); // the member's grabs counted in order
    if (memberCount! > 4)
      expect(memberTtl).toBeGreaterThan(0); // read only for a count over its limit
    else expect(memberTtl).toBe(0);
  }

  const tickets = grabs.map((g) => g.grab.ticket);
  const [stateTogether, stateAlone] = [await stateOf(together, tickets), await stateOf(alone, tickets)];
  expect(stateTogether).toEqual(stateAlone);
  // the address came through the packed argument whole (bars and a line break in it)
  const firstTaken = answersTogether.findIndex((a) => a.outcome.kind === 'taken');
  expect(stateTogether.tickets[firstTaken]!.address).toBe(ADDRESS);
  expect(stateTogether.pending).toHaveLength(kinds.filter((k) => k === 'taken').length);
  // the tickets are kept as long as their item's hash (a week after the session's end), not for ever
  const itemExpiry = await redis.pexpiretime(stockKeys(together).item(1));
  expect(itemExpiry).toBeGreaterThan(Date.now());
  expect(await redis.pexpiretime(stockKeys(together).tickets(1))).toBe(itemExpiry);
});

test('a grab Redis refuses fails alone; the others in its call are answered', async () => {
  const prefix = `test-fail-${randomUUID()}`;
  const keys = await freshItems(prefix);
  await redis.set(keys.item(3), 'not-a-hash'); // an item key of the wrong type: its HMGET is refused
  const grab = (itemId: number, requestId: string): GrabRequest => ({
    itemId,
    memberId: 7,
    quantity: 1,
    ticket: ticketOf(itemId, 7, requestId),
    address: ADDRESS,
    channel: 'h5',
  });
  const answers = await Promise.allSettled([
    takeStock(redis, keys, grab(2, 'a')),
    takeStock(redis, keys, grab(3, 'b')),
    takeStock(redis, keys, grab(2, 'c')),
  ]);
  expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect(String((answers[1] as PromiseRejectedResult).reason)).toMatch(/WRONGTYPE/);
  const left = Number(await redis.hget(keys.item(2), 'left'));
  expect(left).toBe(98);
  expect(await redis.lrange(keys.pending, 0, -1)).toEqual([grab(2, 'a').ticket, grab(2, 'c').ticket]);
});

test("a pending list Redis refuses fails the call's taken grabs, and only those", async () => {
  const prefix = `test-push-${randomUUID()}`;
  const keys = await freshItems(prefix);
  await redis.set(keys.pending, 'not-a-list'); // the call's one push of its taken tickets is refused
  const grab = (itemId: number, memberId: number, quantity: number): GrabRequest => ({
    itemId,
    memberId,
    quantity,
    ticket: ticketOf(itemId, memberId, 'p'),
    address: ADDRESS,
    channel: 'h5',
  });
  const answers = await Promise.allSettled([
    takeStock(redis, keys, grab(2, 7, 1)),
    takeStock(redis, keys, grab(1, 8, 3)), // over the scarce item's limit of 2: refused before any push
    takeStock(redis, keys, grab(2, 9, 1)),
  ]);
  expect(answers.map((a) => a.status)).toEqual(['rejected', 'fulfilled', 'rejected']);
  expect(String((answers[0] as PromiseRejectedResult).reason)).toMatch(/WRONGTYPE/);
  expect((answers[1] as PromiseFulfilledResult<GrabTaken>).value.outcome).toEqual({ kind: 'limit', allowed: 2 });
});

test('the in-flight sums follow the q: fields through grabs and settles; the reconcile reads no whole hash', async () => {
  const prefix = `test-sums-${randomUUID()}`;
  const keys = await freshItems(prefix);
  const grabs = grabsOf();
  const answers = await Promise.all(
    grabs.map(({ grab, memberId }) => takeStock(redis, keys, grab, limitsOf(prefix, memberId))),
  );
  /** The sums the scripts keep against the q: fields they sum. */
  const sumsOf = async (itemId: number) => {
    const hash = await redis.hgetall(keys.item(itemId));
    const fields = Object.entries(hash);
    const flying = new Map<number, number>();
    for (const [, value] of fields.filter(([k]) => k.startsWith('q:'))) {
      const [member, qty] = value.split(':').map(Number) as [number, number];
      flying.set(member, (flying.get(member) ?? 0) + qty);
    }
    const kept = new Map(fields.filter(([k]) => k.startsWith('f:')).map(([k, v]) => [Number(k.slice(2)), Number(v)]));
    const units = [...flying.values()].reduce((a, b) => a + b, 0);
    const tickets = fields.filter(([k]) => k.startsWith('q:')).length;
    expect(kept).toEqual(flying); // no f: field for a member with nothing in flight
    expect([Number(hash.inflight ?? 0), Number(hash.queued ?? 0)]).toEqual([units, tickets]);
    return { units, tickets };
  };
  const taken = grabs.filter((g, i) => answers[i]!.outcome.kind === 'taken' && g.grab.itemId === 2);
  expect(await sumsOf(2)).toEqual({ units: taken.length, tickets: taken.length });
  expect((await sumsOf(1)).units).toBe(5);

  // one ordered, one failed (its unit back), the ordered one settled twice: the sums move once each
  const [ordered, failed] = [taken[0]!.grab, taken[1]!.grab];
  await settleTicket(redis, keys, 2, ordered.ticket, { status: 'ordered', orderNo: 'FT1' });
  await settleTicket(redis, keys, 2, failed.ticket, { status: 'failed', failCode: 'GONE' });
  await settleTicket(redis, keys, 2, ordered.ticket, { status: 'ordered', orderNo: 'FT1' });
  expect(await sumsOf(2)).toEqual({ units: taken.length - 2, tickets: taken.length - 2 });

  // the database: one unit sold, to the ordered ticket's member; Redis agrees, then drifts and is set right
  const db = { stockLeft: 100 - 1, orderedByMember: new Map([[ordered.memberId, 1]]) };
  const commands = jest.spyOn(redis, 'sendCommand');
  const scanned = (await scanItem(redis, keys, 2))!;
  expect(scanned.inFlight.sort()).toEqual(
    taken
      .slice(2)
      .map((g) => g.grab.ticket)
      .sort(),
  );
  const expectedLeft = 100 - taken.length + 1;
  expect(await reconcileItemStock(redis, keys, 2, db, scanned.members, false)).toEqual({
    redisLeft: expectedLeft,
    expectedLeft,
    memberDrifts: 0,
  });
  await redis.hset(keys.item(2), 'left', 7, `m:${failed.memberId}`, 50);
  expect(await reconcileItemStock(redis, keys, 2, db, scanned.members, true)).toEqual({
    redisLeft: 7,
    expectedLeft,
    memberDrifts: 1,
  });
  expect(await reconcileItemStock(redis, keys, 2, db, scanned.members, false)).toMatchObject({
    redisLeft: expectedLeft,
    memberDrifts: 0,
  });
  const names = commands.mock.calls.map(([command]) => command.name.toLowerCase());
  commands.mockRestore();
  expect(names).toContain('hscan');
  expect(names.filter((n) => ['hgetall', 'hkeys', 'hvals'].includes(n))).toEqual([]);
  expect(await scanItem(redis, keys, 99)).toBeNull();
});

test("a ticket's record reads back whole, settled too; a malformed one is an error, not a guess", () => {
  const address = '{"detail":"A|B\\nC"}';
  expect(parseTicket(`ordered|FT20261203|1764770000000|7|2|3|h5|ft0a|${address}`)).toEqual({
    status: 'ordered',
    outcome: 'FT20261203',
    takenAt: 1764770000000,
    memberId: 7,
    quantity: 2,
    itemId: 3,
    channel: 'h5',
    address,
  });
  expect(parseTicket(null)).toBeNull();
  // a ticket names its item, where its record is
  expect(ticketOf(3, 7, 'r-1')).toMatch(/^ft00000003[0-9a-f]{24}$/);
  expect(itemOfTicket(ticketOf(123456, 7, 'r-1'))).toBe(123456);
  expect(ticketOf(3, 7, 'r-1')).not.toBe(ticketOf(3, 7, 'r-2'));
  expect(() => parseTicket('queued||1764770000000|7|2')).toThrow(/malformed/);
  expect(() => parseTicket(`paid||1|7|2|3|h5|ft0a|${address}`)).toThrow(/malformed/);
});
