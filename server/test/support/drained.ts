import type { Queue } from 'bull';
import type { Services } from '../../src/services';

type Drainable = Pick<Services, 'events' | 'queues'>;

/**
 * Jobs still to run: waiting, active, and delayed ones that are retries or due within `dueWithinMs` (a debounced
 * drain a second away is work left; an unpaid order's deadline in 30 minutes and repeat jobs are not).
 */
export async function pendingJobs(queue: Queue, dueWithinMs = 0): Promise<number> {
  // The delayed list first, the counts second: a retry promoted from delayed to waiting in between is then seen
  // in the counts (read the other way round, it was in neither and the queue looked idle).
  const delayed = await queue.getDelayed();
  const counts = await queue.getJobCounts();
  const horizon = Date.now() + dueWithinMs;
  const due = delayed.filter(
    (job) => job && (job.attemptsMade > 0 || job.timestamp + (job.opts.delay ?? 0) <= horizon),
  ).length;
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
async function idle(services: Drainable, queues: Queue[], dueWithinMs: number): Promise<string | null> {
  const before = await services.events.unrelayedCount();
  if (before) return `${before} unrelayed outbox rows`;
  for (const queue of queues) {
    const pending = await pendingJobs(queue, dueWithinMs);
    if (pending) return `${pending} jobs in ${queue.name}`;
  }
  const after = await services.events.unrelayedCount();
  return after ? `${after} unrelayed outbox rows` : null;
}

/** Resolves when every recorded event has been relayed and delivered to its listeners. */
export function eventsDrained(services: Drainable, timeoutMs?: number): Promise<void> {
  return until(() => idle(services, [services.queues.events], 0), timeoutMs);
}

/**
 * Resolves when the outbox is relayed and no queue has waiting, active, retrying or soon-due jobs. The timeout is a
 * guard against a hang, not a guess at how long the work takes on a busy machine.
 */
export function queuesDrained(
  services: Drainable,
  { dueWithinMs = 5_000, timeoutMs = 180_000 }: { dueWithinMs?: number; timeoutMs?: number } = {},
): Promise<void> {
  return until(() => idle(services, services.queues.all(), dueWithinMs), timeoutMs);
}
