import { parseTicket } from '../src/modules/flashsale/flash-stock';
import { createProduct } from './support/fixtures';
import { grab, liveFlashSession, loginMany, redisItem } from './support/flash-fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The flash reconcile over a backlog: 1,100 tickets in flight (the api takes grabs, no worker places them), more
 * than two of its chunks. Some were decided in the database while their Redis update was lost (a worker died
 * between its commit and the settle), some are old with no job (an enqueue lost), the rest young. The report counts
 * each kind exactly; the fix settles the decided ones and queues the lost ones again, once.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ RUN_WORKER_IN_PROCESS: 'false', RATE_LIMIT_FLASH_PER_MINUTE: '1000' });
});
afterAll(() => app.stop());

const TICKETS = 1_100;

test('a backlog of 1,100 tickets: decided ones settled, lost ones queued again, young ones left, in chunks', async () => {
  const product = await createProduct(app, { priceFen: 4_000, stock: 5_000 });
  const session = await liveFlashSession(app, [
    { skuId: product.skus[0].id, flashPriceFen: 1_000, stock: 2_000, perMemberLimit: 99 },
  ]);
  const itemId = session.items[0]!.id;
  const members = await loginMany(app, 'reconcile-backlog', 20);
  const tickets: { ticket: string; memberId: number }[] = [];
  for (let i = 0; i < TICKETS; i += 100) {
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, j) => {
        const m = members[(i + j) % members.length]!;
        return grab(app, m.token, itemId).then((a) => ({ a, memberId: m.member.id }));
      }),
    );
    for (const { a, memberId } of answers) {
      if (a.status !== 202) throw new Error(`grab: ${a.status} ${a.text}`);
      tickets.push({ ticket: a.body.ticket, memberId });
    }
  }
  const decided = tickets.slice(0, 300);
  const lost = tickets.slice(300, 900);
  // decided in the database, the Redis update lost
  for (const [i, t] of decided.entries()) {
    await app.query(
      'INSERT INTO flash_grabs (ticket, session_id, item_id, member_id, quantity, status, order_no, fail_code, ' +
        'created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?, NOW(3), NOW(3))',
      [t.ticket, session.id, itemId, t.memberId, ...(i % 2 ? ['ordered', `FT${i}`, null] : ['failed', null, 'GONE'])],
    );
  }
  // taken two minutes ago and never handed to the queue
  const prefix = app.config.redisPrefix;
  const twoMinutesAgo = Date.now() - 120_000;
  const redis = app.services.redis;
  const ticketsKey = `${prefix}:flash:tickets:${itemId}`;
  await Promise.all(
    lost.map(async (t) => {
      const fields = (await redis.hget(ticketsKey, t.ticket))!.split('|');
      fields[2] = String(twoMinutesAgo); // <status>|<outcome>|<taken at>|... (TicketRecord)
      await redis.hset(ticketsKey, t.ticket, fields.join('|'));
    }),
  );

  const token = await app.adminToken();
  const reconcile = async (fix: boolean) => {
    const res = await app.http('POST', `/api/admin/flash/sessions/${session.id}/reconcile`, { token, body: { fix } });
    if (res.status !== 200) throw new Error(`reconcile: ${res.status} ${res.text}`);
    return res.body.items[0];
  };
  expect(await reconcile(false)).toMatchObject({ ticketsSettled: 300, ticketsRequeued: 600 });
  // looking changed nothing
  const inFlight = (hash: Record<string, string>) => Object.keys(hash).filter((k) => k.startsWith('q:')).length;
  expect(inFlight(await redisItem(app, itemId))).toBe(TICKETS);

  expect(await reconcile(true)).toMatchObject({ ticketsSettled: 300, ticketsRequeued: 600 });
  const hash = await redisItem(app, itemId);
  expect(inFlight(hash)).toBe(TICKETS - 300);
  // the live stats read the in-flight count the scripts keep; left is stock - sold - in flight as the fix set it
  // (the decided rows above are bare grab rows: the item's sold is still 0)
  const stats = await app.http('GET', `/api/admin/flash/sessions/${session.id}/stats`, { token });
  expect(stats.body.items[0]).toMatchObject({ queued: TICKETS - 300, leftStock: 2_000 - (TICKETS - 300) });
  const ticketStatus = async (t: string) => parseTicket(await redis.hget(ticketsKey, t))?.status;
  expect(await ticketStatus(decided[1]!.ticket)).toBe('ordered');
  expect(await ticketStatus(decided[0]!.ticket)).toBe('failed');
  const jobs = await app.services.queues.flash.getJobs(['waiting', 'delayed']);
  const jobIds = new Set(jobs.map((j) => String(j.id)));
  expect(lost.every((t) => jobIds.has(t.ticket))).toBe(true);
  expect(jobs).toHaveLength(600);

  // a second run finds nothing more to do: the lost ones wait in the queue, the young ones are left to theirs
  expect(await reconcile(false)).toMatchObject({ ticketsSettled: 0, ticketsRequeued: 0 });
  expect(await app.services.queues.flash.getJobs(['waiting', 'delayed'])).toHaveLength(600);
}, 180_000);
