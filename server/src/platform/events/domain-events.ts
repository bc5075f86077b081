import type { Sequelize, Transaction } from 'sequelize';
import type { Logger } from '../logger';
import type { Queue } from '../queue/queues';
import type { DomainEventMap } from './event-types';
import { OutboxRelay, PUBLISH_JOB, RETRY, DEFAULT_RELAY, type DomainEvent, type RelayOptions } from './outbox-relay';
import type { StatementBatch } from '../db/statement-batch';
import { OutboxStore, type OutboxRow } from './outbox-store';

export type { DomainEvent, RelayOptions };
export type * from './event-types';

export type EventListener<P = Record<string, unknown>> = (event: DomainEvent<P>) => Promise<void>;

/** The names of `M` whose payload is exactly `P`: lets `record<Payload>(tx, name, ...)` still check the name. */
export type NamesWithPayload<M, P> = {
  [K in keyof M]: [M[K]] extends [P] ? ([P] extends [M[K]] ? K : never) : never;
}[keyof M] &
  string;

const DELIVER_JOB = 'deliver';

/**
 * Domain events through a transactional outbox. `record` writes the event as a row in the transaction that made
 * the fact true, so a commit cannot lose it and a rollback takes it back. After commit the row is relayed to the
 * `events` Bull queue; a sweep (every few seconds, in each worker process) relays what that missed: Redis down,
 * the process killed between commit and relay.
 *
 * A worker fans each event out to one job per listener (job id = listener + event key), so one slow or failing
 * listener is retried on its own and never makes another run twice. Listeners must still be idempotent by
 * business identity: delivery is at least once.
 *
 * `M` is the event map; the system's is DomainEventMap (event-types.ts). Listeners are subscribed in the worker
 * (startProcessors) before it starts processing, wherever that worker runs.
 */
export class DomainEvents<M extends object = DomainEventMap> {
  private readonly listeners = new Map<string, Map<string, EventListener>>();
  private processing = false;
  private readonly outbox: OutboxStore;
  private readonly relay: OutboxRelay;

  constructor(
    private readonly queue: Queue,
    sequelize: Sequelize,
    private readonly logger: Logger,
    options: Partial<RelayOptions> = {},
  ) {
    this.outbox = new OutboxStore(sequelize);
    this.relay = new OutboxRelay(queue, this.outbox, logger, { ...DEFAULT_RELAY, ...options });
  }

  /**
   * Inside the transaction that made the fact true: one outbox row per (name, key), so recording the same fact
   * twice is a no-op and it is delivered once. The payload must be plain JSON.
   */
  record<N extends keyof M & string>(tx: Transaction, name: N, key: string, payload: M[N]): Promise<void>;
  record<P>(tx: Transaction, name: NamesWithPayload<M, P>, key: string, payload: P): Promise<void>;
  async record(tx: Transaction, name: string, key: string, payload: unknown): Promise<void> {
    const written = await this.outbox.insert(
      { name, eventKey: key, payload: JSON.stringify(payload), occurredAt: new Date() },
      tx,
    );
    tx.afterCommit(() => this.relay.relayCommitted(name, key, written ?? undefined));
  }

  /**
   * record, for a transaction sent as a statement batch (statement-batch.ts): the outbox row is queued with the
   * batch's other statements, and relayed after its commit.
   */
  recordInBatch<N extends keyof M & string>(batch: StatementBatch, name: N, key: string, payload: M[N]): void;
  recordInBatch<P>(batch: StatementBatch, name: NamesWithPayload<M, P>, key: string, payload: P): void;
  recordInBatch(batch: StatementBatch, name: string, key: string, payload: unknown): void {
    let written: OutboxRow | null = null;
    this.outbox
      .insertInBatch({ name, eventKey: key, payload: JSON.stringify(payload), occurredAt: new Date() }, batch)
      .then(
        (row) => (written = row),
        () => undefined, // the batch fails and rolls back: nothing to relay
      );
    batch.afterCommit(() => this.relay.relayCommitted(name, key, written ?? undefined));
  }

  /**
   * recordInBatch for a transaction sent in one round trip, whose event carries ids the same batch gives (an
   * order's id, its lines' ids): `draft` is the payload with those ids still unknown, `ids` says where each goes
   * in it (a JSON path and the SQL expression of the id, e.g. `['$.orderId', '@mall_order_id']`), `keySql` the
   * key's expression, `when` an SQL condition for an event the batch may not raise. After the commit, `written` gives the key and payload with the ids in, as the row now holds
   * them, for the relay.
   */
  recordWithIdsInBatch<N extends keyof M & string>(
    batch: StatementBatch,
    name: N,
    sql: { keySql: string; draft: M[N]; ids: readonly (readonly [path: string, expression: string])[]; when?: string },
    written: () => { key: string; payload: M[N] } | null,
  ): void {
    const occurredAt = new Date();
    let header: { insertId: number; affectedRows: number } | null = null;
    const { draft, ...rest } = sql;
    this.outbox.insertWithIdsInBatch({ name, payload: JSON.stringify(draft), occurredAt, ...rest }, batch).then(
      (answered) => (header = answered),
      () => undefined, // the batch fails and rolls back: nothing to relay
    );
    batch.afterCommit(() => {
      if (!header) return;
      const final = written(); // null: the `when` condition did not hold, nothing was recorded
      if (!final) return;
      const row: OutboxRow | undefined =
        header.affectedRows === 1
          ? {
              id: Number(header.insertId),
              name,
              eventKey: final.key,
              payload: JSON.stringify(final.payload),
              occurredAt,
              relayedAt: null,
              attempts: 0,
              lastError: null,
            }
          : undefined;
      this.relay.relayCommitted(name, final.key, row);
    });
  }

  /** `listener` names the subscriber for job ids and logs: stable, unique per event. */
  subscribe<N extends keyof M & string>(name: N, listener: string, handler: EventListener<M[N]>): void;
  subscribe<P>(name: NamesWithPayload<M, P>, listener: string, handler: EventListener<P>): void;
  subscribe(name: string, listener: string, handler: EventListener<never>): void {
    if (this.processing) throw new Error(`subscribe "${listener}" to "${name}" before the worker starts`);
    const byName = this.listeners.get(name) ?? new Map<string, EventListener>();
    if (byName.has(listener)) throw new Error(`listener "${listener}" is already subscribed to "${name}"`);
    byName.set(listener, handler as EventListener);
    this.listeners.set(name, byName);
  }

  /** The listeners subscribed to `name` in this process (tests count their deliveries). */
  listenersOf(name: keyof M & string): string[] {
    return [...(this.listeners.get(name)?.keys() ?? [])];
  }

  /** Called once by the worker after every module subscribed. */
  startProcessing(): void {
    this.processing = true;
    void this.queue.process(PUBLISH_JOB, 2, async (job) => {
      const event = job.data as DomainEvent;
      const names = this.listenersOf(event.name as keyof M & string);
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

  /** In each process that runs workers: relays rows the after-commit relay missed. Stopped by close(). */
  startSweeping(): void {
    this.relay.start();
  }

  /** One sweep now (tests, ops); `graceMs: 0` takes every unrelayed row. Returns how many it relayed. */
  sweep(options: { graceMs?: number } = {}): Promise<number> {
    return this.relay.sweep(options.graceMs);
  }

  /** Tests: act as a process that dies right after each commit; nothing is relayed or swept until resumeRelay. */
  pauseRelay(): void {
    this.relay.pause();
  }

  resumeRelay(): void {
    this.relay.resume();
  }

  /** Committed events not yet on the queue (health checks, tests). */
  unrelayedCount(): Promise<number> {
    return this.outbox.countUnrelayed();
  }

  /** Before the queue and database close: stops the sweep and waits for relays in flight. */
  async close(): Promise<void> {
    await this.relay.close();
    this.logger.debug('domain events closed');
  }
}
