import { randomBytes } from 'node:crypto';
import { DomainError } from '../../platform/errors';
import type { PlatformDeps } from '../../platform/deps';
import { permissionsOf } from '../../platform/http/rbac';
import { AdminUser } from './admin.model';
import { hashPassword, verifyPassword } from './password';

// compared against when the username is unknown, so both paths take the same time
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export async function adminLogin(deps: PlatformDeps, username: string, password: string) {
  const admin = await AdminUser.findOne({ where: { username } });
  const ok = await verifyPassword(password, admin?.passwordHash ?? DUMMY_HASH);
  if (!admin || !ok || admin.isDisabled) {
    throw new DomainError('INVALID_CREDENTIALS', 'Wrong username or password', 401, 'password');
  }
  return {
    token: deps.tokens.issueAdminToken({ adminId: admin.id, username: admin.username, role: admin.role }),
    permissions: permissionsOf(admin.role),
  };
}

/**
 * The first admin comes from ADMIN_USERNAME / ADMIN_PASSWORD. With no password configured (quickstart),
 * one is generated and returned once so the caller can print it; it is never stored in clear.
 * Once admins exist, ADMIN_PASSWORD is not applied at boot (a restart must not undo a password changed since, and
 * a change needs its audit record): it is said in the log, with the command that does apply it.
 */
export async function ensureFirstAdmin(
  deps: PlatformDeps,
): Promise<{ username: string; generatedPassword?: string } | null> {
  if ((await AdminUser.count()) > 0) {
    if (deps.config.admin.password) {
      deps.logger.warn(
        { username: deps.config.admin.username },
        "ADMIN_PASSWORD is ignored: admins already exist. To set it as this admin's password, run " +
          '`npm run admin:reset-password -- --username <name>` with the same environment',
      );
    }
    return null;
  }
  const { username, password } = deps.config.admin;
  const generatedPassword = password ? undefined : randomBytes(9).toString('base64url');
  await AdminUser.create({
    username,
    passwordHash: await hashPassword(password ?? generatedPassword!),
    role: 'super_admin',
  });
  return { username, generatedPassword };
}

export async function createAdmin(username: string, password: string, role: string) {
  return AdminUser.create({ username, passwordHash: await hashPassword(password), role });
}

/** A disabled admin's token stops working at once, not when it expires. */
export async function isAdminActive(adminId: number): Promise<boolean> {
  const admin = await AdminUser.findByPk(adminId, { attributes: ['id', 'isDisabled'] });
  return Boolean(admin && !admin.isDisabled);
}
