import Bull from 'bull';
import { DomainEvents, type DomainEvent } from '../src/platform/events/domain-events';
import { eventsDrained, pendingJobs, until } from './support/drained';
import { createProduct, placeOrder } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

test('an event recorded in a transaction reaches each listener once, after commit, and never on rollback', async () => {
  const queue = new Bull('events', process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    prefix: `${app.databaseName}:own`,
  });
  const events = new DomainEvents<{ 'thing.happened': { n: number } }>(
    queue,
    app.services.sequelize,
    app.services.logger,
  );
  const seenA: DomainEvent[] = [];
  const seenB: DomainEvent[] = [];
  let failOnceB = true;
  events.subscribe('thing.happened', 'listener-a', async (e) => void seenA.push(e));
  events.subscribe('thing.happened', 'listener-b', async (e) => {
    if (failOnceB) {
      failOnceB = false;
      throw new Error('transient');
    }
    seenB.push(e);
  });
  events.startProcessing();
  // the app's sweeper reads the same outbox table: on a slow machine it could take these rows to its own queue
  app.services.events.pauseRelay();
  try {
    await app.services.sequelize.transaction(async (tx) => {
      await events.record(tx, 'thing.happened', 'k1', { n: 1 });
      await events.record(tx, 'thing.happened', 'k1', { n: 1 }); // same fact twice
    });
    await app.services.sequelize
      .transaction(async (tx) => {
        await events.record(tx, 'thing.happened', 'k2', { n: 2 });
        throw new Error('rollback');
      })
      .catch(() => undefined);
    await until(async () => ((await events.unrelayedCount()) || (await pendingJobs(queue)) ? 'busy' : null));
    expect(seenA.map((e) => e.key)).toEqual(['k1']);
    expect(seenB.map((e) => e.key)).toEqual(['k1']); // retried on its own after the transient failure
    expect(seenA[0].payload).toEqual({ n: 1 });
  } finally {
    app.services.events.resumeRelay();
    await events.close();
    await queue.close();
  }
});

test('an order transition announces order.<status> keyed by its order event', async () => {
  const product = await createProduct(app);
  const { token } = await app.loginMember('events-buyer');
  const order = await placeOrder(app, token, product.skus[0].id);
  const res = await app.http('POST', `/api/orders/${order.orderNo}/cancel`, { token });
  expect(res.status).toBe(200);
  await eventsDrained(app.services);
  const jobs = await app.services.queues.events.getJobs(['completed']);
  const names = jobs.filter((j) => j.name === 'publish').map((j) => (j.data as DomainEvent).name);
  // the login also announced member.joined: only the order's own events are compared
  expect(names.filter((n) => n.startsWith('order.')).sort()).toEqual(['order.cancelled', 'order.pending_payment']);
  const [cancelled] = await app.query<{ event_key: string; relayed_at: Date | null }>(
    "SELECT event_key, relayed_at FROM event_outbox WHERE name = 'order.cancelled'",
  );
  const [orderEvent] = await app.query<{ id: number }>("SELECT id FROM order_events WHERE to_status = 'cancelled'");
  expect(cancelled).toEqual({ event_key: String(orderEvent.id), relayed_at: expect.any(Date) });
});
