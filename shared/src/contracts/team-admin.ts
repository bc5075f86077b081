import { z } from 'zod';
import { access, defineRoute, Id, PageQuery, pageOf } from './route';
import { TeamFigures } from './team';

export const ReferralBindingView = z.object({
  id: z.number().int(),
  memberId: z.number().int(),
  fromReferrerId: z.number().int().nullable(),
  toReferrerId: z.number().int(),
  actor: z.string(),
  reason: z.string(),
  createdAt: z.string(),
});

export type ReferralBindingView = z.infer<typeof ReferralBindingView>;

export const adminGetTeamFigures = defineRoute({
  method: 'GET',
  path: '/api/admin/members/:memberId/team',
  summary: "A member's team figures",
  tags: ['team'],
  access: access.admin('members:read'),
  params: z.object({ memberId: Id }),
  response: TeamFigures,
});

export const adminListReferralBindings = defineRoute({
  method: 'GET',
  path: '/api/admin/members/:memberId/referral-bindings',
  summary: "A member's binding history: every referrer change with actor and reason",
  tags: ['team'],
  access: access.admin('members:read'),
  params: z.object({ memberId: Id }),
  query: PageQuery,
  response: pageOf(ReferralBindingView),
});

export const adminRebindReferrer = defineRoute({
  method: 'POST',
  path: '/api/admin/members/:memberId/referrer',
  summary: 'Move a member (and their whole team) under another referrer, with a reason (audited)',
  tags: ['team'],
  access: access.admin('members:write'),
  params: z.object({ memberId: Id }),
  body: z.object({ referrerId: Id, reason: z.string().trim().min(2).max(200) }),
  response: z.object({ referrerId: z.number().int(), changed: z.boolean() }),
});
