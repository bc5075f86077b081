import type { Transaction } from 'sequelize';
import type { Logger } from '../logger';
import { enqueueAfterCommit, type Queue } from '../queue/queues';

/**
 * A fact that became true in a committed transaction. `key` is its business identity (for an order
 * transition, the order_events row id), so publishing the same fact twice delivers it once.
 */
export interface DomainEvent<P = Record<string, unknown>> {
  name: string;
  key: string;
  payload: P;
  occurredAt: string;
}

export type EventListener<P = Record<string, unknown>> = (event: DomainEvent<P>) => Promise<void>;

const PUBLISH_JOB = 'publish';
const DELIVER_JOB = 'deliver';
const RETRY = { attempts: 8, backoff: { type: 'exponential', delay: 500 } };

/**
 * Events go out only after commit, through the `events` Bull queue. A worker fans each event out to one job
 * per listener (job id = listener + event key), so one slow or failing listener is retried on its own and
 * never makes another run twice. Listeners must still be idempotent by business identity: Bull delivers at
 * least once.
 *
 * Publishing needs only the queue; listeners are subscribed in the worker (startProcessors) before it
 * starts processing, wherever that worker runs.
 */
export class DomainEvents {
  private readonly listeners = new Map<string, Map<string, EventListener>>();
  private processing = false;

  constructor(
    private readonly queue: Queue,
    private readonly logger: Logger,
  ) {}

  /** Inside the transaction that made the fact true; goes out after commit, never on rollback. */
  publishAfterCommit<P extends Record<string, unknown>>(tx: Transaction, name: string, key: string, payload: P): void {
    const event: DomainEvent<P> = { name, key, payload, occurredAt: new Date().toISOString() };
    enqueueAfterCommit(tx, this.queue, PUBLISH_JOB, event, { jobId: `${name}:${key}`, ...RETRY }, this.logger);
  }

  /** `listener` names the subscriber for job ids and logs: stable, unique per event. */
  subscribe<P = Record<string, unknown>>(name: string, listener: string, handler: EventListener<P>): void {
    if (this.processing) throw new Error(`subscribe "${listener}" to "${name}" before the worker starts`);
    const byName = this.listeners.get(name) ?? new Map<string, EventListener>();
    if (byName.has(listener)) throw new Error(`listener "${listener}" is already subscribed to "${name}"`);
    byName.set(listener, handler as EventListener);
    this.listeners.set(name, byName);
  }

  /** Called once by the worker after every module subscribed. */
  startProcessing(): void {
    this.processing = true;
    void this.queue.process(PUBLISH_JOB, 2, async (job) => {
      const event = job.data as DomainEvent;
      const names = [...(this.listeners.get(event.name)?.keys() ?? [])];
      await Promise.all(
        names.map((listener) =>
          this.queue.add(
            DELIVER_JOB,
            { listener, event },
            { jobId: `${listener}:${event.name}:${event.key}`, ...RETRY },
          ),
        ),
      );
      return { listeners: names };
    });
    void this.queue.process(DELIVER_JOB, 4, async (job) => {
      const { listener, event } = job.data as { listener: string; event: DomainEvent };
      const handler = this.listeners.get(event.name)?.get(listener);
      if (!handler) throw new Error(`no listener "${listener}" for "${event.name}" in this worker`);
      await handler(event);
    });
  }
}

/** Payload of `order.<status>` events, published by every order transition. */
export interface OrderStatusChanged extends Record<string, unknown> {
  orderId: number;
  orderNo: string;
  memberId: number;
  from: string;
  to: string;
  payableFen: number;
  paidFen: number;
  /** When the money arrived (ISO), null until paid. */
  paidAt: string | null;
  /** Each line as placed; `paidFen` is the line's share of what was paid (0 until paid). */
  lines: OrderLinePaid[];
  /** The buyer's referrers nearest first (at most 2), frozen when the order was placed. */
  referrerChain: number[];
}

/** One line of an order as listeners need it. */
export interface OrderLinePaid {
  orderLineId: number;
  skuId: number;
  productId: number;
  quantity: number;
  unitPriceFen: number;
  paidFen: number;
}
