import type { Logger } from '../logger';
import { withTimeout } from '../with-timeout';
import { addSoon } from '../queue/bulk-add';
import type { Queue } from '../queue/queues';
import type { OutboxRow, OutboxStore } from './outbox-store';

/** A fact that became true in a committed transaction, as listeners receive it. */
export interface DomainEvent<P = Record<string, unknown>> {
  name: string;
  /** Its business identity (for an order transition, the order_events row id): one fact, one key. */
  key: string;
  payload: P;
  occurredAt: string;
}

export const PUBLISH_JOB = 'publish';
export const RETRY = { attempts: 8, backoff: { type: 'exponential', delay: 500 } };

export interface RelayOptions {
  /** How often the sweep looks for rows the after-commit relay missed. */
  sweepEveryMs: number;
  /** A row younger than this is left to its own after-commit relay, which is probably still running. */
  graceMs: number;
  batchSize: number;
  /** Relayed rows are kept this long (to see what went out), then purged. */
  retainDays: number;
  /** A queue.add that has not answered by then counts as failed: ioredis holds commands while Redis is away. */
  relayTimeoutMs: number;
}
export const DEFAULT_RELAY: RelayOptions = {
  sweepEveryMs: 3_000,
  graceMs: 5_000,
  batchSize: 100,
  retainDays: 7,
  relayTimeoutMs: 5_000,
};
const PURGE_EVERY_MS = 60 * 60_000;

/**
 * Moves committed outbox rows onto the `events` queue (job id `${name}:${key}`, so a row relayed twice, by the
 * after-commit hook and a sweep or by two sweeping processes, is one job) and marks them relayed. Nothing here
 * throws: a failed relay leaves the row unrelayed, with its attempts and last error, for the next sweep.
 */
export class OutboxRelay {
  private isPaused = false;
  private isTicking = false;
  private lastSweep: Promise<number> = Promise.resolve(0);
  private timer?: NodeJS.Timeout;
  private lastPurgeAt = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private pendingMarks: number[] = [];
  private nextMark: Promise<void> | undefined;
  private lastMark: Promise<void> = Promise.resolve();

  constructor(
    private readonly queue: Queue,
    private readonly store: OutboxStore,
    private readonly logger: Logger,
    private readonly options: RelayOptions,
  ) {}

  /**
   * After commit: relay the row just recorded, without holding up the request that committed it. `written` is
   * the row as this transaction inserted it (nothing to read back); without it (the insert was a duplicate's
   * no-op) the stored row is read.
   */
  relayCommitted(name: string, key: string, written?: OutboxRow): void {
    if (this.isPaused) return;
    const row = written ? Promise.resolve(written) : this.store.findUnrelayed(name, key);
    const relay = row
      .then((found) => (found ? this.relayRow(found) : undefined))
      .catch((err: unknown) => this.logger.error({ err, event: name, key }, 'outbox relay failed'))
      .finally(() => this.inFlight.delete(relay));
    this.inFlight.add(relay);
  }

  /**
   * One pass: relays the oldest rows the after-commit hook missed, and purges old relayed rows now and then.
   * Passes in one process run one after another (an explicit sweep waits for the timer's); the timer skips a
   * tick while one is running rather than piling up.
   */
  sweep(graceMs = this.options.graceMs): Promise<number> {
    const pass = this.lastSweep.then(() => this.sweepOnce(graceMs));
    this.lastSweep = pass;
    return pass;
  }

  private async sweepOnce(graceMs: number): Promise<number> {
    if (this.isPaused) return 0;
    try {
      const stale = await this.store.findStale(new Date(Date.now() - graceMs), this.options.batchSize);
      await Promise.all(stale.map((row) => this.relayRow(row)));
      if (stale.length) this.logger.warn({ relayed: stale.length }, 'outbox sweep relayed missed events');
      if (Date.now() - this.lastPurgeAt > PURGE_EVERY_MS) {
        this.lastPurgeAt = Date.now();
        const before = new Date(Date.now() - this.options.retainDays * 86_400_000);
        await this.store.purgeRelayed(before, 5_000);
      }
      return stale.length;
    } catch (err) {
      this.logger.error({ err }, 'outbox sweep failed');
      return 0;
    }
  }

  /** A timer, not a repeatable Bull job: the sweep must run exactly when Redis is the part that failed. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.isTicking) return;
      this.isTicking = true;
      void this.sweep().finally(() => (this.isTicking = false));
    }, this.options.sweepEveryMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Tests: behave as if the process died right after commit (nothing relayed, nothing swept) until resumed. */
  pause(): void {
    this.isPaused = true;
  }

  resume(): void {
    this.isPaused = false;
  }

  /** Stops the sweep and waits for relays in flight, so the queue and database close only after them. */
  async close(): Promise<void> {
    this.stop();
    await Promise.all([...this.inFlight, this.lastSweep]);
  }

  private async relayRow(row: OutboxRow): Promise<void> {
    const event: DomainEvent = {
      name: row.name,
      key: row.eventKey,
      payload: JSON.parse(row.payload) as Record<string, unknown>,
      occurredAt: new Date(row.occurredAt).toISOString(),
    };
    try {
      await withTimeout(
        addSoon(this.queue, PUBLISH_JOB, event, { jobId: `${row.name}:${row.eventKey}`, ...RETRY }),
        this.options.relayTimeoutMs,
        'no answer from the queue',
      );
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.logger.warn({ event: row.name, key: row.eventKey, err: message }, 'event not relayed; the sweep retries');
      await this.store.markFailed(row.id, message);
      return;
    }
    await this.markRelayed(row.id);
  }

  /**
   * Rows sent while a mark is being written wait for the next one: under load one UPDATE (and one commit) marks
   * many rows instead of one per row. A row left unmarked by a failure is sent again by the sweep (same job id).
   */
  private markRelayed(id: number): Promise<void> {
    this.pendingMarks.push(id);
    this.nextMark ??= this.lastMark.then(() => {
      const ids = this.pendingMarks;
      this.pendingMarks = [];
      this.nextMark = undefined;
      return this.store.markRelayedMany(ids);
    });
    const mark = this.nextMark;
    this.lastMark = mark.catch(() => undefined);
    return mark;
  }
}
