import Bull from 'bull';
import { DomainEvents, type DomainEvent } from '../src/platform/events/domain-events';
import { eventsDrained, pendingJobs, until } from './support/drained';
import { createProduct, placeOrder } from './support/fixtures';
import { freePort, startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());
afterEach(() => app.services.events.resumeRelay()); // a failed test must not leave the next one without relay

interface OutboxRow {
  id: number;
  name: string;
  event_key: string;
  payload: string;
  relayed_at: Date | null;
  attempts: number;
  last_error: string | null;
}
const outboxRows = (name: string) =>
  app.query<OutboxRow>('SELECT * FROM event_outbox WHERE name = ? ORDER BY id', [name]);

async function referredBuyer(name: string) {
  const inviter = await app.loginMember(`${name}-inviter`);
  const buyer = await app.loginMember(name, inviter.member.inviteCode);
  // a distributor: the buyer's payment accrues the inviter's commission too
  const appointed = await app.http('POST', `/api/admin/distribution/distributors/${inviter.member.id}`, {
    token: await app.adminToken(),
    body: { action: 'appoint' },
  });
  expect(appointed.status).toBe(200);
  return { ...buyer, inviter };
}

async function payThroughSandbox(token: string, orderNo: string) {
  const prepay = await app.http('POST', '/api/payments/wechat/prepay', { token, body: { orderNo } });
  const prepayId = String(prepay.body.package).slice('prepay_id='.length);
  const confirm = await app.http('POST', '/sandbox/wechatpay/confirm', { body: { prepayId } });
  expect(confirm.body.notified).toBe(true);
}

/** What each order.paid listener leaves behind, by its own business key. */
async function paidEffects(orderId: number, orderNo: string) {
  const count = async (sql: string, params: unknown[]) => Number((await app.query(sql, params))[0].n);
  return {
    'commission-accrue': await count('SELECT COUNT(*) n FROM commissions WHERE order_no = ?', [orderNo]),
    'inventory-sale': await count("SELECT COUNT(*) n FROM stock_ledger WHERE kind = 'sale' AND ref = ?", [orderNo]),
    'team-figures': await count("SELECT COUNT(*) n FROM team_deltas WHERE kind = 'paid' AND source_id = ?", [orderId]),
    'loyalty-spend': await count("SELECT COUNT(*) n FROM member_spend_entries WHERE kind = 'paid' AND order_id = ?", [
      orderId,
    ]),
    'sharing:order-paid': await count(
      "SELECT COUNT(*) n FROM share_attributions WHERE kind = 'order_paid' AND subject_key = ?",
      [`order:${orderId}`],
    ),
    // issue 12: effect tracking; no activity took anything off this order, so the listener has nothing to move
    'promotions-paid': await count("SELECT COUNT(*) n FROM promotion_orders WHERE status = 'paid' AND order_id = ?", [
      orderId,
    ]),
    // issue 12: not a group-buy order, so the group-buy listener has no place to take
    'groupbuy:order-paid': await count('SELECT COUNT(*) n FROM groupbuy_members WHERE order_id = ?', [orderId]),
    // issue 12: no coupon used and no flash-sale grab behind this order: nothing for those listeners either
    'coupons:order-paid': await count('SELECT COUNT(*) n FROM member_coupons WHERE order_no = ?', [orderNo]),
    'flash-paid': await count('SELECT COUNT(*) n FROM flash_grabs WHERE order_no = ?', [orderNo]),
  };
}

/** Completed deliveries of one event, by listener: each listener's job id is listener + event, so at most one. */
async function deliveries(name: string, key: string): Promise<string[]> {
  const jobs = await app.services.queues.events.getJobs(['completed']);
  return jobs
    .filter((j) => j.name === 'deliver')
    .map((j) => j.data as { listener: string; event: DomainEvent })
    .filter((d) => d.event.name === name && d.event.key === key)
    .map((d) => d.listener)
    .sort();
}

test('a payment committed while the relay is down is delivered to every order.paid listener exactly once', async () => {
  const product = await createProduct(app, { stock: 5, priceFen: 3000 });
  const { token } = await referredBuyer('outbox-buyer');
  const order = await placeOrder(app, token, product.skus[0].id, 2);
  await eventsDrained(app.services);

  app.services.events.pauseRelay(); // as if the process died right after each commit
  await payThroughSandbox(token, order.orderNo);
  const paid = await app.http('GET', `/api/orders/${order.orderNo}`, { token });
  expect(paid.body.status).toBe('paid'); // the request did not notice the missing relay
  const [row] = await outboxRows('order.paid');
  expect(row).toMatchObject({ relayed_at: null, attempts: 0 });
  const payload = JSON.parse(row.payload) as { orderId: number; orderNo: string; paidFen: number };
  expect(payload).toMatchObject({ orderNo: order.orderNo, paidFen: 6000, from: 'pending_payment', to: 'paid' });
  expect(await app.services.queues.events.getJob(`order.paid:${row.event_key}`)).toBeNull();
  const none = await paidEffects(payload.orderId, order.orderNo);
  expect(Object.values(none)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);

  app.services.events.resumeRelay();
  await app.services.events.sweep({ graceMs: 0 });
  await eventsDrained(app.services);
  const listeners = app.services.events.listenersOf('order.paid').sort();
  expect(listeners).toEqual([
    'commission-accrue',
    'coupons:order-paid',
    'flash-paid',
    'groupbuy:order-paid',
    'inventory-sale',
    'loyalty-spend',
    'promotions-paid',
    'sharing:order-paid',
    'team-figures',
  ]);
  expect(await deliveries('order.paid', row.event_key)).toEqual(listeners);
  // no activity applied, no group joined, no coupon, no flash grab: those listeners have nothing to write
  const once = {
    ...Object.fromEntries(listeners.map((l) => [l, 1])),
    'promotions-paid': 0,
    'groupbuy:order-paid': 0,
    'coupons:order-paid': 0,
    'flash-paid': 0,
  };
  expect(await paidEffects(payload.orderId, order.orderNo)).toEqual(once);
  expect((await outboxRows('order.paid'))[0].relayed_at).toEqual(expect.any(Date));

  // relayed again (a sweep racing the after-commit relay): Bull's job id makes it the same job
  await app.query('UPDATE event_outbox SET relayed_at = NULL WHERE id = ?', [row.id]);
  await app.services.events.sweep({ graceMs: 0 });
  // delivered again under another key (at least once): each listener's own business key holds
  const event: DomainEvent = { name: 'order.paid', key: `${row.event_key}-again`, payload, occurredAt: '' };
  event.occurredAt = new Date().toISOString();
  await app.services.queues.events.add('publish', event, { jobId: `order.paid:${event.key}` });
  await eventsDrained(app.services);
  expect(await deliveries('order.paid', row.event_key)).toEqual(listeners);
  expect(await deliveries('order.paid', event.key)).toEqual(listeners);
  expect(await paidEffects(payload.orderId, order.orderNo)).toEqual(once);
});

test('after a crash between commit and relay, a restarted process sweeps the event out', async () => {
  const inviter = await app.loginMember('crash-inviter');
  await eventsDrained(app.services);
  app.services.events.pauseRelay(); // the process "dies" after each commit from here on
  const joined = await app.loginMember('crash-invitee', inviter.member.inviteCode);
  const rows = (await outboxRows('member.joined')).filter((r) => r.event_key === String(joined.member.id));
  expect(rows).toMatchObject([{ relayed_at: null }]);

  // the restarted process: same database and queue, a fresh relay whose timer sweeps
  const restarted = new DomainEvents(app.services.queues.events, app.services.sequelize, app.services.logger, {
    sweepEveryMs: 100,
    graceMs: 200,
  });
  restarted.startSweeping();
  try {
    await eventsDrained(app.services);
  } finally {
    await restarted.close();
  }
  expect(await deliveries('member.joined', rows[0].event_key)).toEqual(
    app.services.events.listenersOf('member.joined').sort(),
  );
  const attributed = await app.query(
    "SELECT promoter_id FROM share_attributions WHERE kind = 'new_member' AND member_id = ?",
    [joined.member.id],
  );
  expect(attributed).toEqual([{ promoter_id: inviter.member.id }]);
});

describe('recording', () => {
  type TestEvents = { 'thing.recorded': { n: number } };
  let queue: Bull.Queue;
  let events: DomainEvents<TestEvents>;
  const seen: DomainEvent[] = [];
  beforeAll(() => {
    queue = new Bull('events', process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
      prefix: `${app.databaseName}:own`,
    });
    events = new DomainEvents<TestEvents>(queue, app.services.sequelize, app.services.logger);
    // the app's own sweeper reads the same outbox table: on a slow machine it could relay these rows to the
    // app's queue (no listener there) before this instance does
    app.services.events.pauseRelay();
    events.subscribe('thing.recorded', 'counter', async (e) => void seen.push(e));
    events.startProcessing();
  });
  afterAll(async () => {
    app.services.events.resumeRelay();
    await events.close();
    await queue.close();
  });
  const drained = () =>
    until(async () => ((await events.unrelayedCount()) || (await pendingJobs(queue)) ? 'busy' : null));

  test('the same fact recorded twice, in two transactions, is one row and one delivery', async () => {
    await app.services.sequelize.transaction((tx) => events.record(tx, 'thing.recorded', 'k1', { n: 1 }));
    await drained();
    await app.services.sequelize.transaction((tx) => events.record(tx, 'thing.recorded', 'k1', { n: 2 }));
    await drained();
    expect(seen.map((e) => [e.key, e.payload])).toEqual([['k1', { n: 1 }]]);
    expect(await outboxRows('thing.recorded')).toMatchObject([{ event_key: 'k1', payload: '{"n":1}' }]);
  });

  test('a rolled-back transaction records nothing', async () => {
    const rolledBack = app.services.sequelize.transaction(async (tx) => {
      await events.record(tx, 'thing.recorded', 'k2', { n: 2 });
      throw new Error('the fact did not happen');
    });
    await expect(rolledBack).rejects.toThrow('the fact did not happen');
    await drained();
    expect((await outboxRows('thing.recorded')).map((r) => r.event_key)).toEqual(['k1']);
    expect(seen.map((e) => e.key)).toEqual(['k1']);
  });
});

test('with Redis unreachable the commit succeeds, the row waits with its error, and a sweep relays it later', async () => {
  // a Redis that is not there; refusing at once (no offline queue, no reconnect) lets the test end cleanly
  const deadQueue = new Bull('events', `redis://127.0.0.1:${await freePort()}`, {
    prefix: `${app.databaseName}:dead`,
    redis: { enableOfflineQueue: false, retryStrategy: () => null },
  });
  deadQueue.on('error', () => undefined); // the refused connection is the point
  app.services.events.pauseRelay(); // the app's sweeper would relay the row before the test looks at it
  const stranded = new DomainEvents<{ 'thing.stranded': { n: number } }>(
    deadQueue,
    app.services.sequelize,
    app.services.logger,
  );
  try {
    await app.services.sequelize.transaction((tx) => stranded.record(tx, 'thing.stranded', 'k1', { n: 1 }));
    await until(async () => ((await outboxRows('thing.stranded'))[0]?.attempts ? null : 'not tried yet'));
  } finally {
    await stranded.close();
    await deadQueue.close();
  }
  const [row] = await outboxRows('thing.stranded');
  expect(row).toMatchObject({ relayed_at: null, attempts: 1, last_error: expect.any(String) });
  // another process whose Redis answers (here: the app's) sweeps it onto its queue
  app.services.events.resumeRelay();
  await app.services.events.sweep({ graceMs: 0 });
  expect((await outboxRows('thing.stranded'))[0].relayed_at).toEqual(expect.any(Date));
  expect(await app.services.queues.events.getJob('thing.stranded:k1')).not.toBeNull();
});
