import { createHash } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { UniqueConstraintError } from 'sequelize';
import { assertTransition, reportExportTransitions, type ReportExportStatus } from '@mall/shared';
import type { ReportExportView, ReportFilter, ReportFormat, ReportKind } from '@mall/shared/admin';
import { withTx } from '../../platform/db/database';
import type { AdminActor } from '../../platform/http/api-router';
import { DomainError, NotFoundError } from '../../platform/errors';
import { enqueueAfterCommit, type Job } from '../../platform/queue/queues';
import { recordAudit } from '../admin';
import { ReportExport } from './report-export.model';
import { tableOf } from './report-tables';
import type { ReportsDeps } from './reports-deps';
import { writeTable } from './table-files';

export const EXPORT_JOB = 'export';
export const exportJobId = (exportNo: string) => `report-export:${exportNo}`;
const EXPORT_ATTEMPTS = 3;

export interface ExportRequest {
  report: ReportKind;
  format: ReportFormat;
  filters: ReportFilter;
  requestId: string;
}

/** The export number is the request's identity: the same admin and request id always name the same export. */
const exportNoOf = (adminId: number, requestId: string) =>
  `RE${createHash('sha256').update(`${adminId}:${requestId}`).digest('hex').slice(0, 20)}`;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function exportView(e: ReportExport): ReportExportView {
  return {
    exportNo: e.exportNo,
    report: e.report,
    format: e.format,
    filters: JSON.parse(e.filtersJson) as ReportExportView['filters'],
    status: e.status,
    progress: e.progress,
    rowCount: e.rowCount,
    downloadUrl: e.status === 'done' ? `/api/admin/reports/exports/${e.exportNo}/file` : null,
    error: e.error ?? null,
    requestedBy: e.adminName,
    createdAt: e.createdAt.toISOString(),
    finishedAt: iso(e.finishedAt),
  };
}

/**
 * Records an export and queues its job after commit (job id = the export number): a double click, or the same
 * request id again, answers the export already made; the same request id with another report or filter is refused.
 * Audited either way (asking for a bulk copy of money records is recorded like a write).
 */
export async function startExport(deps: ReportsDeps, actor: AdminActor, req: ExportRequest): Promise<ReportExportView> {
  const exportNo = exportNoOf(actor.adminId, req.requestId);
  const filtersJson = JSON.stringify(req.filters);
  const attempt = () =>
    withTx(deps.sequelize, async (tx) => {
      const existing = await ReportExport.findOne({ where: { exportNo }, transaction: tx });
      if (existing) {
        if (existing.report !== req.report || existing.format !== req.format || existing.filtersJson !== filtersJson)
          throw new DomainError(
            'IDEMPOTENCY_KEY_REUSED',
            'This requestId was used for another export; send a new one',
            409,
            'requestId',
          );
        await recordAudit(
          actor,
          {
            action: 'reports.export.repeated',
            targetType: 'report_export',
            targetId: exportNo,
            before: null,
            after: req,
          },
          tx,
        );
        return existing;
      }
      const created = await ReportExport.create(
        {
          exportNo,
          adminId: actor.adminId,
          adminName: actor.username,
          requestId: req.requestId,
          report: req.report,
          format: req.format,
          filtersJson,
          status: 'queued',
        },
        { transaction: tx },
      );
      await recordAudit(
        actor,
        {
          action: 'reports.export.requested',
          targetType: 'report_export',
          targetId: exportNo,
          before: null,
          after: req,
        },
        tx,
      );
      enqueueAfterCommit(
        tx,
        deps.queues.reports,
        EXPORT_JOB,
        { exportNo },
        { jobId: exportJobId(exportNo), attempts: EXPORT_ATTEMPTS, backoff: { type: 'fixed', delay: 2_000 } },
        deps.logger,
      );
      return created;
    });
  try {
    return exportView(await attempt());
  } catch (error) {
    // two clicks at once: the second insert meets the first one's row; it answers that export
    if (!(error instanceof UniqueConstraintError)) throw error;
    return exportView(await attempt());
  }
}

export async function getExport(exportNo: string): Promise<ReportExport> {
  const found = await ReportExport.findOne({ where: { exportNo } });
  if (!found) throw new NotFoundError('This export', 'exportNo');
  return found;
}

export const fileOf = (deps: ReportsDeps, e: Pick<ReportExport, 'exportNo' | 'format'>) =>
  path.join(deps.config.reports.exportDir, `${e.exportNo}.${e.format}`);

async function move(e: ReportExport, to: ReportExportStatus, fields: Partial<ReportExport> = {}) {
  assertTransition('report export', reportExportTransitions, e.status, to);
  await e.update({ status: to, ...fields });
}

/**
 * The job: writes the report to a temporary file beside its final name, reporting progress on the row (and the
 * Bull job), then renames it into place and marks the export done. A retried job starts the file over; a job for
 * an export already done or failed does nothing.
 */
export async function runExport(deps: ReportsDeps, exportNo: string, job?: Job): Promise<{ status: string }> {
  const e = await getExport(exportNo);
  if (e.status === 'done' || e.status === 'failed') return { status: e.status };
  await move(e, 'running', { progress: 0 });
  const file = fileOf(deps, e);
  const partial = `${file}.${process.pid}.part`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const filters = JSON.parse(e.filtersJson) as ReportFilter;
    let shown = 0;
    const progress = async (fraction: number) => {
      const percent = Math.min(99, Math.floor(fraction * 100));
      if (percent <= shown) return;
      shown = percent;
      await e.update({ progress: percent });
      await job?.progress(percent);
    };
    const table = await tableOf(deps, e.report, filters, progress);
    const subtitle = `${filters.from} 至 ${filters.to}（北京时间）${filters.channel ? ` · 渠道 ${filters.channel}` : ''}${
      filters.distributorId ? ` · 分销员 ${filters.distributorId}` : ''
    }`;
    const rowCount = await writeTable(e.format, table, partial, subtitle);
    await rename(partial, file);
    await move(e, 'done', {
      progress: 100,
      rowCount,
      fileName: `${e.report}-${filters.from}-${filters.to}.${e.format}`,
      finishedAt: new Date(),
    });
    await job?.progress(100);
    return { status: 'done' };
  } catch (error) {
    await rm(partial, { force: true });
    const lastAttempt = !job || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (lastAttempt) {
      const message = error instanceof Error ? error.message : String(error);
      await move(e, 'failed', { error: message.slice(0, 300), finishedAt: new Date() });
    }
    throw error;
  }
}

/** The finished file, for the download route; 409 before it is done, 410 when the file was removed since. */
export async function exportFile(deps: ReportsDeps, exportNo: string) {
  const e = await getExport(exportNo);
  if (e.status !== 'done') throw new DomainError('EXPORT_NOT_READY', `This export is ${e.status}`, 409, 'exportNo');
  const file = fileOf(deps, e);
  const size = await stat(file).then(
    (s) => s.size,
    () => null,
  );
  if (size === null) throw new DomainError('EXPORT_FILE_GONE', 'The file of this export is no longer kept', 410);
  return {
    file,
    size,
    format: e.format,
    fileName: e.fileName ?? `${e.exportNo}.${e.format}`,
  };
}
