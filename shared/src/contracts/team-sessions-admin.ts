import { z } from 'zod';
import { TEAM_SESSION_STATUSES } from '../statuses';
import { access, defineRoute, Id, PageQuery, pageOf } from './route';
import { TeamSessionView } from './team-sessions';

export const AdminTeamSessionView = TeamSessionView.extend({
  attendedCount: z.number().int(),
  absentCount: z.number().int(),
  cancelledAt: z.string().nullable(),
  cancelledBy: z.string().nullable(),
});
export type AdminTeamSessionView = z.infer<typeof AdminTeamSessionView>;

export const adminListTeamSessions = defineRoute({
  method: 'GET',
  path: '/api/admin/team-sessions',
  summary: 'Team training sessions with their sign-up and attendance counts, newest first',
  tags: ['team-sessions'],
  access: access.admin('members:read'),
  query: PageQuery.extend({
    status: z.enum(TEAM_SESSION_STATUSES).optional(),
    leaderId: z.coerce.number().int().positive().optional(),
  }),
  response: pageOf(AdminTeamSessionView),
});

export const adminCancelTeamSession = defineRoute({
  method: 'POST',
  path: '/api/admin/team-sessions/:id/cancel',
  summary: 'Cancel a scheduled session with a reason (audited; those signed up are told)',
  tags: ['team-sessions'],
  access: access.admin('members:write'),
  params: z.object({ id: Id }),
  body: z.object({ reason: z.string().trim().min(2).max(200) }),
  response: AdminTeamSessionView,
});
