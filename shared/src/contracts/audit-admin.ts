import { z } from 'zod';
import { access, defineRoute, PageQuery, pageOf } from './route';

export const AuditLogView = z.object({
  id: z.number().int(),
  adminId: z.number().int(),
  adminUsername: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string(),
  createdAt: z.string(),
});

export const adminListAuditLogs = defineRoute({
  method: 'GET',
  path: '/api/admin/audit-logs',
  summary: 'Every admin write: who, what, before and after',
  tags: ['admin'],
  access: access.admin('audit:read'),
  query: PageQuery.extend({ targetType: z.string().max(40).optional(), targetId: z.string().max(64).optional() }),
  response: pageOf(AuditLogView),
});
