import { defineModule } from '../../platform/module';
import { initReportModels } from './report-export.model';
import { registerReportRoutes } from './reports.admin-routes';
import { registerReportJobs } from './reports.jobs';

/**
 * Finance reports (issue 11): income and expense detail, commission settlement per distributor and cycle, profit
 * by day or month, the ledger journal for audit; exported as xlsx, csv or a printable page by background jobs. It
 * owns only its exports (report_exports): every figure is read through the doors of payments, orders, catalog,
 * distribution and the ledger.
 */
export const reportsModule = defineModule({
  name: 'reports',
  initModels: initReportModels,
  routes: registerReportRoutes,
  jobs: registerReportJobs,
  permissions: {
    'reports:read': 'See the finance reports (income and expense, commission settlement, profit, the journal)',
    'reports:export': 'Export finance reports (xlsx, csv, printable) in the background and download them',
  },
});
