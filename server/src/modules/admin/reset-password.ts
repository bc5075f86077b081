import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Sequelize } from 'sequelize';
import { withTx } from '../../platform/db/database';
import { DomainError } from '../../platform/errors';
import { AdminAuditLog, AdminUser } from './admin.model';
import { hashPassword } from './password';

export const MIN_ADMIN_PASSWORD_LENGTH = 10;

/** Who ran the command, for the audit record: the machine account, since no admin is logged in. */
export function operatorOfThisShell(): string {
  return `cli:${os.userInfo().username}@${os.hostname()}`.slice(0, 64);
}

/**
 * The way back for an admin who lost the once-shown password: a new password (the given one, else a generated one
 * returned once to print), set in one transaction with its audit record. The password itself is never recorded.
 */
export async function resetAdminPassword(
  sequelize: Sequelize,
  input: { username: string; password?: string; operator: string },
): Promise<{ username: string; generatedPassword?: string }> {
  if (input.password !== undefined && input.password.length < MIN_ADMIN_PASSWORD_LENGTH) {
    throw new DomainError(
      'PASSWORD_TOO_SHORT',
      `The password needs at least ${MIN_ADMIN_PASSWORD_LENGTH} characters`,
      400,
    );
  }
  const generatedPassword = input.password === undefined ? randomBytes(12).toString('base64url') : undefined;
  const passwordHash = await hashPassword(input.password ?? generatedPassword!);
  await withTx(sequelize, async (tx) => {
    const admin = await AdminUser.findOne({
      where: { username: input.username },
      transaction: tx,
      lock: tx.LOCK.UPDATE,
    });
    if (!admin) throw new DomainError('ADMIN_NOT_FOUND', `There is no admin named "${input.username}"`, 404);
    await admin.update({ passwordHash }, { transaction: tx });
    await AdminAuditLog.create(
      {
        adminId: admin.id,
        adminUsername: input.operator,
        action: 'admin.password_reset',
        targetType: 'admin_user',
        targetId: String(admin.id),
        beforeJson: null,
        afterJson: JSON.stringify({ username: admin.username, generated: Boolean(generatedPassword), via: 'cli' }),
        requestId: `cli-${randomBytes(6).toString('hex')}`,
        ip: null,
      },
      { transaction: tx },
    );
  });
  return { username: input.username, generatedPassword };
}
