import type { Job, JobOptions, Queue } from 'bull';

interface PendingJob {
  name: string;
  data: unknown;
  opts: JobOptions;
  resolve(job: Job): void;
  reject(error: unknown): void;
}

const pendingByQueue = new Map<Queue, PendingJob[]>();

/**
 * queue.add, gathered: the jobs added to one queue in the same turn of the event loop go to Redis together, as
 * Bull's addBulk (one MULTI of its add scripts, one round trip), when there are several. Under load the commits
 * that answer in one turn (their after-commit jobs, their outbox relays) share a round trip instead of one each;
 * a job alone goes as queue.add. Each caller still learns whether its own job was taken. Repeatable jobs are added
 * directly (addBulk does not schedule repeats).
 */
export function addSoon<T>(queue: Queue, name: string, data: T, opts: JobOptions = {}): Promise<Job> {
  if (opts.repeat) return queue.add(name, data, opts);
  return new Promise<Job>((resolve, reject) => {
    let pending = pendingByQueue.get(queue);
    if (!pending) {
      pending = [];
      pendingByQueue.set(queue, pending);
      setImmediate(() => addPending(queue));
    }
    pending.push({ name, data, opts, resolve, reject });
  });
}

function addPending(queue: Queue): void {
  const pending = pendingByQueue.get(queue) ?? [];
  pendingByQueue.delete(queue);
  if (pending.length === 1) {
    const [job] = pending as [PendingJob];
    queue.add(job.name, job.data, job.opts).then(job.resolve, job.reject);
    return;
  }
  queue.addBulk(pending.map(({ name, data, opts }) => ({ name, data, opts }))).then(
    // addBulk answers every job; one whose add script failed inside the MULTI comes back without an id
    (jobs) =>
      pending.forEach((p, i) => {
        const job = jobs[i];
        if (job && job.id !== undefined && job.id !== null) p.resolve(job);
        else p.reject(new Error(`the ${queue.name} queue did not take job ${String(p.opts.jobId ?? p.name)}`));
      }),
    (error: unknown) => pending.forEach((p) => p.reject(error)),
  );
}
