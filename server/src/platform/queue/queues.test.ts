import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { createLogger } from '../logger';
import { createQueues, QUEUE_NAMES } from './queues';

/**
 * The queues over the test Redis: a processing queue's blocking connection carries Bull's worker name (the jobs
 * board counts workers by it), and stopping right after processors start leaves nothing unhandled (Bull's own
 * CLIENT SETNAME, queued behind the first blocking read, was rejected without a handler by a quick stop).
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger({ level: 'silent' });
const prefixes: string[] = [];

afterAll(async () => {
  const redis = new IORedis(REDIS_URL);
  for (const prefix of prefixes) {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
  }
  redis.disconnect();
});

function freshQueues() {
  const prefix = `queues_${randomBytes(3).toString('hex')}`;
  prefixes.push(prefix);
  return Object.assign(createQueues(REDIS_URL, prefix, logger), { prefix });
}

/** Sockets this process holds open (or is opening). */
const openSockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

test('a processing queue shows its worker under Bull’s name for it', async () => {
  const queues = freshQueues();
  try {
    void queues.orders.process(async () => undefined);
    await queues.orders.isReady();
    // the blocking connection is made and named once the processing loop starts: wait for it (the test's timeout
    // is the bound, not a count of tries, which a busy machine could outrun)
    let workers = await queues.orders.getWorkers();
    while (workers.length === 0) {
      await new Promise((r) => setTimeout(r, 20));
      workers = await queues.orders.getWorkers();
    }
    expect(workers).toHaveLength(1);
    expect(await queues.events.getWorkers()).toHaveLength(0);
  } finally {
    await queues.close();
  }
});

test('stopping right after every queue starts processing finishes, rejects nothing unhandled and leaves no connection', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const socketsBefore = openSockets();
    for (let round = 0; round < 10; round++) {
      const queues = freshQueues();
      for (const name of QUEUE_NAMES) void queues[name].process(async () => undefined);
      if (round % 2 === 0) {
        // the first blocking reads are on their way; a job done on one queue, then the stop
        await Promise.all(queues.all().map((q) => q.isReady()));
        await queues.orders.add({}, { jobId: `round-${round}` });
      }
      // odd rounds stop at once, every processing loop still starting (a worker stopped right after its start):
      // Bull's pause then raced the loops' blocking connections, and a close could wait forever
      await queues.close();
      // every socket is closed when close() settles, the blocking connections Bull's close reconnected too
      expect(openSockets()).toBeLessThanOrEqual(socketsBefore);
    }
    await new Promise((r) => setImmediate(r));
    expect(unhandled).toEqual([]);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});
