import { EXPORT_JOB, runExport } from './report-exports';
import type { ReportsDeps } from './reports-deps';

/** One export at a time per worker process: an export reads a lot, and the machine serves the shop meanwhile. */
export function registerReportJobs(deps: ReportsDeps) {
  deps.queues.reports
    .process(EXPORT_JOB, 1, (job) => runExport(deps, (job.data as { exportNo: string }).exportNo, job))
    // a processor's promise ends with the queue ("Connection is closed" when it closes while waiting): expected
    .catch((err: unknown) => deps.logger.debug({ err }, 'report export processor stopped'));
}
