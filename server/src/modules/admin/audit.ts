import type { Transaction } from 'sequelize';
import type { AdminActor } from '../../platform/http/api-router';
import { AdminAuditLog } from './admin.model';

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
  reason?: string;
}

/** Written in the same transaction as the change it describes: no change without its record, and no record of a change that rolled back. */
export async function recordAudit(actor: AdminActor, entry: AuditEntry, tx: Transaction): Promise<void> {
  await AdminAuditLog.create(
    {
      adminId: actor.adminId,
      adminUsername: actor.username,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      beforeJson: entry.before === null || entry.before === undefined ? null : JSON.stringify(entry.before),
      afterJson: JSON.stringify(entry.reason ? { ...(entry.after as object), _reason: entry.reason } : entry.after),
      requestId: actor.requestId,
      ip: actor.ip,
    },
    { transaction: tx },
  );
  actor.audited = true;
}
