import { createReadStream } from 'node:fs';
import {
  adminDownloadReportExport,
  adminGetReportExport,
  adminIncomeExpenseReport,
  adminJournalReport,
  adminProfitReport,
  adminSettlementReport,
  adminStartReportExport,
} from '@mall/shared/admin';
import type { AdminActor, ApiRouter } from '../../platform/http/api-router';
import { settlementReport } from './commission-settlement';
import { moneyMovements, movementTotals } from './income-expense';
import { journalRows, toJournalRow } from './journal-report';
import { profitReport } from './profit-report';
import { exportFile, exportView, getExport, startExport } from './report-exports';
import type { ReportsDeps } from './reports-deps';
import { CONTENT_TYPES } from './table-files';

/** Finance reports on screen, their exports (background jobs) and the exports' files. */
export function registerReportRoutes(api: ApiRouter, deps: ReportsDeps) {
  api.add(adminProfitReport, ({ query }) => profitReport(deps, query));

  api.add(adminIncomeExpenseReport, async ({ query }) => {
    const rows = await moneyMovements(deps, query);
    const start = (query.page - 1) * query.pageSize;
    return {
      items: rows.slice(start, start + query.pageSize),
      total: rows.length,
      page: query.page,
      pageSize: query.pageSize,
      totals: movementTotals(rows),
    };
  });

  api.add(adminSettlementReport, ({ query }) => settlementReport(deps, query));

  api.add(adminJournalReport, async ({ query }) => {
    const entries = await journalRows(deps, query, query.afterId, query.limit);
    return {
      items: entries.map(toJournalRow),
      nextAfterId: entries.length === query.limit ? entries[entries.length - 1].entryId : null,
    };
  });

  api.add(adminStartReportExport, ({ ctx, body }) => startExport(deps, ctx.state.actor as AdminActor, body));

  api.add(adminGetReportExport, async ({ params }) => exportView(await getExport(params.exportNo)));

  api.add(adminDownloadReportExport, async ({ ctx, params }) => {
    const { file, size, format, fileName } = await exportFile(deps, params.exportNo);
    ctx.set('Content-Type', CONTENT_TYPES[format]);
    ctx.set('Content-Length', String(size));
    ctx.set('Cache-Control', 'private, no-store');
    // the printable page opens in the browser; the spreadsheets download
    ctx.set('Content-Disposition', `${format === 'html' ? 'inline' : 'attachment'}; filename="${fileName}"`);
    ctx.body = createReadStream(file);
  });
}
