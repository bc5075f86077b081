/** Polls until probe returns a value (jobs and event listeners run asynchronously in the test app). */
export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface QueueLike {
  name: string;
  getJobCounts(): Promise<{ waiting: number; active: number }>;
  getDelayed(): Promise<({ timestamp: number; opts: { delay?: number } } | null | undefined)[]>;
}

/**
 * Waits until the Bull queues have no work: nothing waiting, nothing active, and no delayed job due within
 * `dueWithinMs` (debounced drains are delayed by a second; order timeouts and minute sweeps are not "work left").
 * Idle must hold for `settledPolls` polls in a row, since a finishing job may enqueue the next one. The ceiling is
 * a guard against a hang, not a guess at how long the work takes on a busy machine.
 */
export async function queuesIdle(
  queues: { all(): QueueLike[] },
  { dueWithinMs = 5_000, settledPolls = 2, pollMs = 100, ceilingMs = 180_000 } = {},
): Promise<void> {
  const deadline = Date.now() + ceilingMs;
  let idlePolls = 0;
  for (;;) {
    const busy: string[] = [];
    for (const queue of queues.all()) {
      const { waiting, active } = await queue.getJobCounts();
      const dueSoon = (await queue.getDelayed()).filter(
        (job) => job && job.timestamp + (job.opts.delay ?? 0) - Date.now() < dueWithinMs,
      ).length;
      if (waiting + active + dueSoon > 0)
        busy.push(`${queue.name}: ${waiting} waiting, ${active} active, ${dueSoon} due`);
    }
    idlePolls = busy.length === 0 ? idlePolls + 1 : 0;
    if (idlePolls >= settledPolls) return;
    if (Date.now() > deadline) throw new Error(`queues still busy after ${ceilingMs} ms: ${busy.join('; ')}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
