import Bull, { type Job, type JobOptions, type Queue } from 'bull';
import IORedis, { type RedisOptions } from 'ioredis';
import type { Logger } from '../logger';
import { addSoon } from './bulk-add';

/**
 * Named queues. Job ids are business keys, so enqueuing the same job twice is a no-op.
 * Only queues that something adds to and a processor drains: an unprocessed queue shows as "no workers" on the
 * jobs board. Payments, inventory and share-tracking work runs in the orders/events/catalog queues.
 */
export const QUEUE_NAMES = [
  'orders',
  'events',
  'catalog',
  'team',
  'levels',
  'points',
  'notifications',
  'payments',
  // issue 10: tracking polls, WeChat shipping uploads, warehouse pushes
  'fulfilment',
  // issue 11: commission release
  'commission',
  // issue 10: the daily payment reconciliation (bill downloads: slow, and apart from refunds)
  'finance',
  // issue 11: withdrawal payouts (WeChat transfer bills and their queries)
  'withdrawals',
  // issue 11: finance report exports (xlsx, csv, printable html) written under the data dir
  'reports',
  // issue 12: group-buy expiry (a delayed job per group and the sweep)
  'groupbuy',
  // issue 12: member segment computations (on demand and nightly)
  'segments',
  // issue 12: the coupon expiry sweep
  'coupons',
  // issue 12: flash-sale tickets become orders (job id = ticket), and the stock reconcile
  'flash',
  // issue 12: campaign views rolled up from Redis counters into the database
  'marketing',
] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];
export type Queues = Record<QueueName, Queue> & { all(): Queue[]; close(): Promise<void> };

const DEFAULT_JOB_OPTIONS: JobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: 1_000,
  removeOnFail: 5_000,
};

/**
 * The queues' Redis connections: one command connection and one event subscriber shared by every queue (Bull's
 * documented reuse), and a blocking connection of its own for each queue that processes jobs (a blocking read holds
 * its connection). Bull alone opened a connection per queue at boot, each with its handshake: 17 of them were a
 * good part of the api's boot. No client-info handshake (CLIENT SETINFO, and ioredis reading its package.json on
 * each connect).
 */
function queueConnections(redisUrl: string) {
  const base: RedisOptions = { disableClientInfo: true };
  // Bull refuses ready checks and request retries on subscriber and blocking connections (they would hang)
  const waiting: RedisOptions = { ...base, maxRetriesPerRequest: null, enableReadyCheck: false };
  let client: IORedis | undefined;
  let subscriber: IORedis | undefined;
  const blocking: IORedis[] = [];
  return {
    /** `workerName`: the blocking connection's client name, set by ioredis on every (re)connect (see below). */
    create(type: 'client' | 'subscriber' | 'bclient', workerName: string): IORedis {
      if (type === 'client') {
        if (!client) {
          client = new IORedis(redisUrl, base);
          client.setMaxListeners(0); // each queue listens for its errors
        }
        return client;
      }
      if (type === 'subscriber') {
        if (!subscriber) {
          subscriber = new IORedis(redisUrl, waiting);
          subscriber.setMaxListeners(0); // each queue listens for its channels' messages and its errors
        }
        return subscriber;
      }
      const connection = new IORedis(redisUrl, { ...waiting, connectionName: workerName });
      blocking.push(connection);
      return connection;
    },
    /** Settles once every connection's socket is closed (Bull's close reconnects the blocking ones). */
    async close(): Promise<void> {
      await Promise.all([
        ...blocking.map((c) => closed(c, () => c.disconnect())),
        ...[client, subscriber].map((c) => c && closed(c, () => c.quit().catch(() => c.disconnect()))),
      ]);
    },
  };
}

/** Closes a connection and settles when its socket is gone ('end'); one waiting to reconnect holds no socket. */
function closed(connection: IORedis, close: () => unknown): Promise<void> {
  if (connection.status === 'end') return Promise.resolve();
  const ended = new Promise<void>((resolve) => connection.once('end', () => resolve()));
  close();
  return connection.status === 'reconnecting' ? Promise.resolve() : ended;
}

export function createQueues(redisUrl: string, prefix: string, logger: Logger): Queues {
  let closing = false;
  // processing loops still starting: each settles once its loop runs (or ended before it could)
  const starting: Promise<void>[] = [];
  const connections = queueConnections(redisUrl);
  const keyPrefix = `${prefix}:bull`;
  const entries = QUEUE_NAMES.map((name) => {
    const workerName = workerNameOf(keyPrefix, name);
    const queue = new Bull(name, {
      prefix: keyPrefix,
      defaultJobOptions: DEFAULT_JOB_OPTIONS,
      createClient: (type) => connections.create(type, workerName),
    });
    // Bull names a processing queue's blocking connection with a CLIENT SETNAME sent when process() is called, and
    // leaves that command's promise without a handler: queued behind the first blocking read, it is rejected with
    // "Connection is closed." when a stop drops the connection within that read's 5 s, an unhandled rejection
    // (it failed test files' teardowns on busy machines). The connection carries the same name from its options.
    (queue as unknown as { setWorkerName(): Promise<void> }).setWorkerName = () => Promise.resolve();
    queue.on('error', (err) => logger.error({ err, queue: name }, 'queue error'));
    queue.on('failed', (job, err) =>
      logger.warn(
        { queue: name, job: job.name, jobId: job.id, attempt: job.attemptsMade, err: err.message },
        'job failed',
      ),
    );
    // process() answers a promise that settles only when the processing loop ends; modules start processors with
    // `void queue.process(...)`. A loop ended by close() while a blocking read was pending rejects it with
    // "Connection is closed.": expected when stopping, so logged, never an unhandled rejection of the process.
    const loops = loopStarts(queue);
    const startProcessing = queue.process.bind(queue) as (...args: unknown[]) => Promise<void>;
    (queue as unknown as { process: typeof startProcessing }).process = (...args) => {
      const running = startProcessing(...args);
      starting.push(loops.track(running));
      // (Bull rejects with no reason when a connection ends before it was ever ready)
      running.catch((err: unknown) =>
        closing
          ? logger.debug(
              { queue: name, err: err instanceof Error ? err.message : err },
              'processor stopped with its queue',
            )
          : logger.error({ err, queue: name }, 'processor stopped'),
      );
      return running;
    };
    return [name, queue] as const;
  });
  const byName = Object.fromEntries(entries) as Record<QueueName, Queue>;
  return {
    ...byName,
    all: () => entries.map(([, q]) => q),
    close: async () => {
      closing = true;
      // A loop still starting (process() called just before) makes its blocking connection on the way; stopped
      // then, Bull's pause and close raced that connection's connect (a close that never finished, or a
      // connection left open after it). Every loop runs first, then all stop together.
      await Promise.all(starting);
      // every queue stops and finishes its jobs before any closes: the queues share their command connection and
      // subscriber, which the first close() disconnects under the others' feet
      await Promise.all(entries.map(([, q]) => stopTakingJobs(q)));
      await Promise.all(entries.map(([, q]) => q.close(true).catch(closedAlready)));
      await connections.close();
    },
  };
}

/** The client name Bull gives a queue's workers (`Queue.clientName()`): its jobs board counts them by it. */
function workerNameOf(keyPrefix: string, queueName: string): string {
  return `${keyPrefix}:${Buffer.from(queueName).toString('base64')}`;
}

/** What runs hooks after a commit: a Sequelize transaction, or a statement batch (db/statement-batch.ts). */
export interface AfterCommit {
  afterCommit(hook: () => void): void;
}

/**
 * Jobs go out only after the transaction that justified them has committed: a rolled-back order never
 * schedules its timeout. The job id is the business key, so a retried use case enqueues nothing new.
 */

/**
 * Stops a queue taking jobs and waits for those it is running. Bull's own close() waits for them while it drops
 * and reconnects the blocking connection, and leaves that reconnection's failure ("Connection is closed.") without
 * a handler until they finish: an unhandled rejection of the process. So: a local pause (no new job is taken; the
 * blocking read is dropped at once), then the jobs in progress (Bull's `processing`); close() then need not wait.
 */
async function stopTakingJobs(queue: Queue): Promise<void> {
  await queue.pause(true, true).catch(() => undefined);
  const running = (queue as unknown as { processing?: Promise<unknown>[] }).processing ?? [];
  await Promise.allSettled(Object.values(running));
}

/**
 * A queue's processing loops as they start. Bull's run() starts a loop set per process() call (one per job name):
 * once its blocking connection is ready and the loops' first turns are scheduled it starts the stalled-job check,
 * once. `track(running)` settles when as many of those starts, or of loops ended before starting, have been seen
 * as there were process() calls up to this one (in any order: a start says not which call it was).
 */
function loopStarts(queue: Queue): { track(running: Promise<void>): Promise<void> } {
  const bull = queue as unknown as { startMoveUnlockedJobsToWait(): void };
  const start = bull.startMoveUnlockedJobsToWait;
  let seen = 0;
  let asked = 0;
  let waiting: { nth: number; resolve: () => void }[] = [];
  const saw = () => {
    seen += 1;
    for (const w of waiting) if (w.nth <= seen) w.resolve();
    waiting = waiting.filter((w) => w.nth > seen);
  };
  bull.startMoveUnlockedJobsToWait = function (this: unknown) {
    start.call(this);
    saw();
  };
  return {
    track(running) {
      asked += 1;
      const nth = asked;
      running.then(saw, saw);
      return nth <= seen ? Promise.resolve() : new Promise((resolve) => waiting.push({ nth, resolve }));
    },
  };
}

function closedAlready(error: unknown): void {
  if (!(error instanceof Error) || error.message !== 'Connection is closed.') throw error;
}

export function enqueueAfterCommit<T extends object>(
  tx: AfterCommit,
  queue: Queue,
  name: string,
  data: T,
  options: JobOptions & { jobId: string },
  logger?: Logger,
): void {
  tx.afterCommit(() => {
    addSoon(queue, name, data, options).catch((err: unknown) =>
      logger?.error({ err, job: name, jobId: options.jobId }, 'enqueue failed'),
    );
  });
}

export type { Job, Queue };
