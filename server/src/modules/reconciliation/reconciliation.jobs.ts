import { RECONCILIATION_CHANNELS, type ReconciliationChannel } from '@mall/shared';
import { chinaDay } from '../../platform/china-day';
import type { ReconciliationDeps } from './reconciliation-deps';
import { runReconciliation } from './run-reconciliation';

export const RECONCILE_DAILY_JOB = 'reconcile-daily';
export const RECONCILE_JOB = 'reconcile';

/** A bill not out yet (WeChat Pay: after 10:00 the next day) or a network fault: tried again, 30 minutes apart. */
const RETRY = { attempts: 8, backoff: { type: 'fixed', delay: 30 * 60_000 } } as const;

/**
 * Every day at the configured time (default 10:30 Beijing time, once WeChat Pay's bills of the day before are out)
 * yesterday's bill of each channel is reconciled, one job per channel and date: the job id is that business key,
 * so a second trigger of the same day adds nothing. A bill that is not out yet is tried again later; one whose
 * hash does not match fails the run for an admin to look at (it is not fetched again by itself).
 */
export async function registerReconciliationJobs(deps: ReconciliationDeps) {
  const queue = deps.queues.finance;
  // a processor's promise ends with the queue: rejected with "Connection is closed" when the queue closes while
  // it waits for a job (seen here with a repeatable job on the queue); that end is expected, not unhandled
  const whenStopped = (processing: Promise<unknown>) =>
    processing.catch((err: unknown) => deps.logger.debug({ err }, 'reconciliation processor stopped'));
  void whenStopped(
    queue.process(RECONCILE_DAILY_JOB, 1, async () => {
      const billDate = chinaDay(new Date(Date.now() - 86_400_000));
      const channels = RECONCILIATION_CHANNELS.filter((c) => c !== 'alipay' || deps.alipay);
      for (const channel of channels) {
        await queue.add(
          RECONCILE_JOB,
          { channel, billDate },
          { jobId: `${RECONCILE_JOB}:${channel}:${billDate}`, ...RETRY },
        );
      }
      return { billDate, channels };
    }),
  );
  void whenStopped(
    queue.process(RECONCILE_JOB, 1, async (job) => {
      const { channel, billDate } = job.data as { channel: ReconciliationChannel; billDate: string };
      const { run, retryable } = await runReconciliation(deps, channel, billDate, { kind: 'schedule' });
      if (run.status === 'failed' && retryable) throw new Error(`${channel} ${billDate}: ${run.errorCode ?? 'failed'}`);
      return { status: run.status, mismatches: run.mismatchCount };
    }),
  );
  const cron = deps.config.reconciliation.cron;
  if (cron) {
    await queue.add(RECONCILE_DAILY_JOB, {}, { repeat: { cron, tz: 'Asia/Shanghai' }, jobId: RECONCILE_DAILY_JOB });
  }
}
