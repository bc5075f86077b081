import Bull from 'bull';
import { DomainEvents, type DomainEvent } from '../src/platform/events/domain-events';
import { createProduct, placeOrder } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

test('an event published in a transaction reaches each listener once, after commit, and never on rollback', async () => {
  const queue = new Bull('events', process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    prefix: `${app.databaseName}:own`,
  });
  const events = new DomainEvents(queue, app.services.logger);
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
  try {
    await app.services.sequelize.transaction(async (tx) => {
      events.publishAfterCommit(tx, 'thing.happened', 'k1', { n: 1 });
      events.publishAfterCommit(tx, 'thing.happened', 'k1', { n: 1 }); // same fact twice
    });
    await app.services.sequelize
      .transaction(async (tx) => {
        events.publishAfterCommit(tx, 'thing.happened', 'k2', { n: 2 });
        throw new Error('rollback');
      })
      .catch(() => undefined);
    const deadline = Date.now() + 10_000;
    while ((seenA.length < 1 || seenB.length < 1) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    expect(seenA.map((e) => e.key)).toEqual(['k1']);
    expect(seenB.map((e) => e.key)).toEqual(['k1']); // retried on its own after the transient failure
  } finally {
    await queue.close();
  }
});

test('an order transition announces order.<status> keyed by its order event', async () => {
  const product = await createProduct(app);
  const { token } = await app.loginMember('events-buyer');
  const order = await placeOrder(app, token, product.skus[0].id);
  const res = await app.http('POST', `/api/orders/${order.orderNo}/cancel`, { token });
  expect(res.status).toBe(200);
  const deadline = Date.now() + 5_000;
  let names: string[] = [];
  while (Date.now() < deadline) {
    const jobs = await app.services.queues.events.getJobs(['completed', 'waiting', 'active', 'delayed']);
    names = jobs.filter((j) => j.name === 'publish').map((j) => (j.data as DomainEvent).name);
    if (names.includes('order.cancelled')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  // the login also announced member.joined: only the order's own events are compared
  expect(names.filter((n) => n.startsWith('order.')).sort()).toEqual(['order.cancelled', 'order.pending_payment']);
});
