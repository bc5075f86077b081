import { defineModule } from '../../platform/module';
import { initAdminModels as initModels } from './admin.model';
import { registerAdminRoutes as routes } from './admin.routes';

export { recordAudit, type AuditEntry } from './audit';
export { sendAuditedSheet } from './audited-download';
export { createAdmin, ensureFirstAdmin, isAdminActive } from './admin-accounts';

/** Admin accounts, login and the audit log. */
export const adminModule = defineModule({
  name: 'admin',
  initModels,
  routes,
  permissions: { 'audit:read': 'Read the admin audit log' },
});
