import { defineModule } from '../../platform/module';
import { registerReconciliationAdminRoutes } from './reconciliation.admin-routes';
import type { ReconciliationDeps } from './reconciliation-deps';
import { registerReconciliationJobs } from './reconciliation.jobs';
import { initReconciliationModels } from './reconciliation.model';
export { runReconciliation, type RunOutcome } from './run-reconciliation';
export type { ReconciliationDeps } from './reconciliation-deps';

/**
 * Payment reconciliation: each day, each channel's trade bill (WeChat Pay, Alipay) against our payments and refunds
 * of that day, every difference listed until an admin resolves it; a report, a re-run and an xlsx export.
 */
export const reconciliationModule = defineModule<ReconciliationDeps>({
  name: 'reconciliation',
  initModels: initReconciliationModels,
  routes: registerReconciliationAdminRoutes,
  jobs: registerReconciliationJobs,
  permissions: {
    'finance:reconcile': 'See the payment reconciliation report, run it for a date, resolve differences, export them',
  },
});
