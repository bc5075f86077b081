import type { Queue } from 'bull';
import type { Services } from '../../src/services';

type Drainable = Pick<Services, 'events' | 'queues'>;

/**
 * Jobs still to run: waiting, active, and delayed ones that are due or are retries (a retry is pending work of
 * whatever the test did). Delayed jobs scheduled for later (an unpaid order's deadline, repeat jobs) do not count.
 */
export async function pendingJobs(queue: Queue): Promise<number> {
  // The delayed list first, the counts second: a retry promoted from delayed to waiting in between is then seen
  // in the counts (read the other way round, it was in neither and the queue looked idle).
  const delayed = await queue.getDelayed();
  const counts = await queue.getJobCounts();
  const now = Date.now();
  const due = delayed.filter((job) => job.attemptsMade > 0 || job.timestamp + (job.opts.delay ?? 0) <= now).length;
  const delayedSince = Math.max(0, counts.delayed - delayed.length); // failed into a retry after the list was read
  return counts.waiting + counts.active + due + delayedSince;
}

/**
 * Polls (no fixed sleep) until `isIdle` holds on two polls in a row (work passes between lists and processes; one
 * quiet look can fall between two steps of it); the error says what was still busy.
 */
export async function until(isIdle: () => Promise<string | null>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quietPolls = 0;
  for (;;) {
    const busy = await isIdle();
    quietPolls = busy === null ? quietPolls + 1 : 0;
    if (quietPolls >= 2) return;
    if (busy !== null && Date.now() > deadline) throw new Error(`still busy after ${timeoutMs} ms: ${busy}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Idle when no committed event is waiting in the outbox and none of `queues` has work. The outbox is read again
 * after the queues: a listener that records a new event commits it before its job completes, so the second read
 * sees what the first one missed.
 */
async function idle(services: Drainable, queues: Queue[]): Promise<string | null> {
  const before = await services.events.unrelayedCount();
  if (before) return `${before} unrelayed outbox rows`;
  for (const queue of queues) {
    const pending = await pendingJobs(queue);
    if (pending) return `${pending} jobs in ${queue.name}`;
  }
  const after = await services.events.unrelayedCount();
  return after ? `${after} unrelayed outbox rows` : null;
}

/** Resolves when every recorded event has been relayed and delivered to its listeners. */
export function eventsDrained(services: Drainable, timeoutMs?: number): Promise<void> {
  return until(() => idle(services, [services.queues.events]), timeoutMs);
}

/** Resolves when the outbox is relayed and no queue has waiting, active, due or retrying jobs. */
export function queuesDrained(services: Drainable, timeoutMs?: number): Promise<void> {
  return until(() => idle(services, services.queues.all()), timeoutMs);
}
