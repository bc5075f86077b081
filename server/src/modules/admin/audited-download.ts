import type { Context } from 'koa';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import type { AdminActor } from '../../platform/http/api-router';
import type { AdminPrincipal } from '../../platform/http/auth';
import { sheetFile, type Sheet } from '../../platform/sheet-file';
import { recordAudit } from './audit';

/**
 * A sheet downloaded by an admin (business figures leave the system): on the record like a write (a GET has no
 * actor, so one is made from the admin), then sent as an attachment that no cache keeps.
 */
export async function sendAuditedSheet(
  deps: Pick<PlatformDeps, 'sequelize'>,
  ctx: Context,
  download: { action: string; targetType: string; sheet: Sheet; format: 'csv' | 'xlsx'; baseName: string },
): Promise<void> {
  const file = await sheetFile(download.sheet, download.format, download.baseName);
  const reader: AdminActor = {
    ...(ctx.state.admin as AdminPrincipal),
    requestId: ctx.state.requestId as string,
    ip: ctx.ip,
    audited: false,
  };
  await withTx(deps.sequelize, (tx) =>
    recordAudit(
      reader,
      {
        action: download.action,
        targetType: download.targetType,
        targetId: download.baseName,
        before: null,
        after: { format: download.format, rows: file.rows },
      },
      tx,
    ),
  );
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Content-Type', file.contentType);
  ctx.set('Content-Disposition', `attachment; filename="${file.fileName}"`);
  ctx.body = file.body;
}
