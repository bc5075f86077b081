import { type WhereOptions } from 'sequelize';
import { adminListAuditLogs, adminLogin as adminLoginContract } from '@mall/shared/admin';
import type { ApiRouter } from '../../platform/http/api-router';
import { rateLimit } from '../../platform/http/rate-limit';
import type { PlatformDeps } from '../../platform/deps';
import { AdminAuditLog } from './admin.model';
import { adminLogin } from './admin-accounts';

const parse = (json: string | null): unknown => (json === null ? null : JSON.parse(json));

export function registerAdminRoutes(api: ApiRouter, deps: PlatformDeps) {
  const loginLimit = rateLimit(deps.redis, deps.config.redisPrefix, {
    name: 'admin-login',
    limit: deps.config.rateLimit.loginPerMinute,
    windowMs: 60_000,
    key: (ctx) => `ip:${ctx.ip}`,
  });
  api.add(adminLoginContract, ({ body }) => adminLogin(deps, body.username, body.password), [loginLimit]);

  api.add(adminListAuditLogs, async ({ query }) => {
    const where: WhereOptions<AdminAuditLog> = {
      ...(query.targetType ? { targetType: query.targetType } : {}),
      ...(query.targetId ? { targetId: query.targetId } : {}),
    };
    const { rows, count } = await AdminAuditLog.findAndCountAll({
      where,
      order: [['id', 'DESC']],
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    });
    return {
      items: rows.map((r) => ({
        id: r.id,
        adminId: r.adminId,
        adminUsername: r.adminUsername,
        action: r.action,
        targetType: r.targetType,
        targetId: r.targetId,
        before: parse(r.beforeJson),
        after: parse(r.afterJson),
        requestId: r.requestId,
        createdAt: r.createdAt.toISOString(),
      })),
      total: count,
      page: query.page,
      pageSize: query.pageSize,
    };
  });
}
