import { z } from 'zod';
import { TeamCounts } from './profile';
import { access, defineRoute, Id, PageQuery, pageOf } from './route';

export const AdminMemberRow = z.object({
  id: z.number().int(),
  nickname: z.string(),
  avatarUrl: z.string().nullable(),
  realName: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  levelCode: z.string(),
  levelName: z.string(),
  inviteCode: z.string(),
  referrer: z.object({ id: z.number().int(), nickname: z.string() }).nullable(),
  joinedAt: z.string(),
});
export type AdminMemberRow = z.infer<typeof AdminMemberRow>;

export const AdminMemberDetail = AdminMemberRow.extend({
  idNumberMasked: z.string().nullable(),
  phoneBoundAt: z.string().nullable(),
  addressCount: z.number().int(),
  team: TeamCounts.extend({ teamSalesFen: z.number().int() }),
  points: z.object({ availablePoints: z.number().int(), frozenPoints: z.number().int() }),
});
export type AdminMemberDetail = z.infer<typeof AdminMemberDetail>;

const isoDate = z.iso.date();

export const MemberSearchQuery = z.object({
  /** Nickname (contains), invite code, member id, an exact phone number or an exact ID number (by its keyed hash). */
  keyword: z.string().trim().min(1).max(64).optional(),
  levelCode: z.string().max(16).optional(),
  referrerId: Id.optional(),
  /** Joined on or after this day (UTC). */
  joinedFrom: isoDate.optional(),
  /** Joined on or before this day (UTC). */
  joinedTo: isoDate.optional(),
});
export type MemberSearchQuery = z.infer<typeof MemberSearchQuery>;

const MemberParams = z.object({ memberId: Id });

export const adminSearchMembers = defineRoute({
  method: 'GET',
  path: '/api/admin/members',
  summary: 'Search members by keyword, level, referrer and join date; personal data masked',
  tags: ['admin', 'members'],
  access: access.admin('members:read'),
  query: PageQuery.extend(MemberSearchQuery.shape),
  response: pageOf(AdminMemberRow),
});

export const adminExportMembers = defineRoute({
  method: 'GET',
  path: '/api/admin/members/export',
  summary: 'The same search as an xlsx file (masked data only, at most 50,000 rows)',
  tags: ['admin', 'members'],
  access: access.admin('members:read'),
  query: MemberSearchQuery,
});

export const adminGetMember = defineRoute({
  method: 'GET',
  path: '/api/admin/members/:memberId',
  summary: 'One member: profile (masked), level, referrer, team counts, points balance',
  tags: ['admin', 'members'],
  access: access.admin('members:read'),
  params: MemberParams,
  response: AdminMemberDetail,
});

export const adminUpdateMember = defineRoute({
  method: 'PUT',
  path: '/api/admin/members/:memberId',
  summary: 'Correct a nickname or real name, or clear a wrong ID number, with a reason; audited',
  tags: ['admin', 'members'],
  access: access.admin('members:write'),
  params: MemberParams,
  body: z
    .object({
      nickname: z.string().trim().min(1).max(32).optional(),
      realName: z.string().trim().min(1).max(40).nullable().optional(),
      /** Forget a wrong ID number so the member can enter the right one (they cannot change it themselves). */
      clearIdNumber: z.literal(true).optional(),
      reason: z.string().trim().min(2).max(200),
    })
    .refine(
      (b) => b.nickname !== undefined || b.realName !== undefined || b.clearIdNumber,
      'change at least one field',
    ),
  response: AdminMemberDetail,
});

export const adminRevealIdNumber = defineRoute({
  method: 'POST',
  path: '/api/admin/members/:memberId/id-number/reveal',
  summary: 'The ID number in clear, for a stated reason; every reveal is an audit record',
  tags: ['admin', 'members'],
  access: access.admin('members:reveal'),
  params: MemberParams,
  body: z.object({ reason: z.string().trim().min(2).max(200) }),
  response: z.object({ idNumber: z.string() }),
});
