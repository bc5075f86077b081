export { AdminAuditLog, AdminUser, initAdminModels } from './admin.model';
export { recordAudit, type AuditEntry } from './audit';
export { createAdmin, ensureFirstAdmin, isAdminActive } from './admin-accounts';
export { registerAdminRoutes } from './admin.routes';
