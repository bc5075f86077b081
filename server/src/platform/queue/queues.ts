import Bull, { type Job, type JobOptions, type Queue } from 'bull';
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
] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];
export type Queues = Record<QueueName, Queue> & { all(): Queue[]; close(): Promise<void> };

const DEFAULT_JOB_OPTIONS: JobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: 1_000,
  removeOnFail: 5_000,
};

export function createQueues(redisUrl: string, prefix: string, logger: Logger): Queues {
  let closing = false;
  const entries = QUEUE_NAMES.map((name) => {
    const queue = new Bull(name, redisUrl, { prefix: `${prefix}:bull`, defaultJobOptions: DEFAULT_JOB_OPTIONS });
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
    const startProcessing = queue.process.bind(queue) as (...args: unknown[]) => Promise<void>;
    (queue as unknown as { process: typeof startProcessing }).process = (...args) => {
      const running = startProcessing(...args);
      running.catch((err: Error) =>
        closing
          ? logger.debug({ queue: name, err: err.message }, 'processor stopped with its queue')
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
      await Promise.all(entries.map(([, q]) => q.close()));
    },
  };
}

/** What runs hooks after a commit: a Sequelize transaction, or a statement batch (db/statement-batch.ts). */
export interface AfterCommit {
  afterCommit(hook: () => void): void;
}

/**
 * Jobs go out only after the transaction that justified them has committed: a rolled-back order never
 * schedules its timeout. The job id is the business key, so a retried use case enqueues nothing new.
 */

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
