import { z } from 'zod';
import { CampaignViewStats } from './campaign-effects-admin';
import {
  GROUPBUY_CAMPAIGN_STATUSES,
  GROUPBUY_GROUP_STATUSES,
  GROUPBUY_MEMBER_STATUSES,
  groupbuyCampaignTransitions,
} from '../statuses';
import { access, defineRoute, Fen, Id, PageQuery, pageOf } from './route';
import { GroupbuySkuView } from './groupbuy';

const MAX_LIMIT_SECONDS = 7 * 86_400;

export const GroupbuyCampaignInput = z
  .object({
    name: z.string().trim().min(1).max(60),
    productId: z.number().int().positive(),
    /** Every SKU sold in this campaign with its group price; SKUs not listed cannot be bought in a group. */
    skus: z
      .array(z.object({ skuId: z.number().int().positive(), groupPriceFen: Fen.min(1).max(100_000_000) }))
      .min(1)
      .max(50),
    groupSize: z.number().int().min(2).max(50),
    /** Seconds a group stays open after its leader paid (up to 7 days). */
    timeLimitSeconds: z.number().int().min(1).max(MAX_LIMIT_SECONDS),
    /** Units one member may buy in this campaign over all their groups. */
    perMemberLimit: z.number().int().min(1).max(999),
    allowFewer: z.boolean().default(false),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
  })
  .superRefine((c, ctx) => {
    if (Date.parse(c.endsAt) <= Date.parse(c.startsAt))
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
    if (new Set(c.skus.map((s) => s.skuId)).size !== c.skus.length)
      ctx.addIssue({ code: 'custom', path: ['skus'], message: 'lists a SKU twice' });
  });
export type GroupbuyCampaignInput = z.input<typeof GroupbuyCampaignInput>;

export const AdminGroupbuyCampaignView = z.object({
  id: z.number().int(),
  name: z.string(),
  productId: z.number().int(),
  productName: z.string(),
  status: z.enum(GROUPBUY_CAMPAIGN_STATUSES),
  skus: z.array(GroupbuySkuView),
  groupSize: z.number().int(),
  timeLimitSeconds: z.number().int(),
  perMemberLimit: z.number().int(),
  allowFewer: z.boolean(),
  startsAt: z.string(),
  endsAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AdminGroupbuyCampaignView = z.infer<typeof AdminGroupbuyCampaignView>;

export const AdminGroupView = z.object({
  id: z.number().int(),
  campaignId: z.number().int(),
  status: z.enum(GROUPBUY_GROUP_STATUSES),
  leaderMemberId: z.number().int(),
  groupSize: z.number().int(),
  paidCount: z.number().int(),
  expiresAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
  members: z.array(
    z.object({
      memberId: z.number().int(),
      orderNo: z.string(),
      isLeader: z.boolean(),
      quantity: z.number().int(),
      status: z.enum(GROUPBUY_MEMBER_STATUSES),
      paidFen: Fen,
      paidAt: z.string().nullable(),
      refundNo: z.string().nullable(),
    }),
  ),
});
export type AdminGroupView = z.infer<typeof AdminGroupView>;

export const GroupbuyStatsView = z.object({
  /** Groups whose leader paid (forming, complete or failed). */
  groupsStarted: z.number().int(),
  groupsCompleted: z.number().int(),
  groupsFailed: z.number().int(),
  /** completed / (completed + failed), in basis points; 0 before any group closed. */
  completionRateBps: z.number().int(),
  /** Orders paid into groups (refunded ones included), and what they paid. */
  orders: z.number().int(),
  gmvFen: Fen,
  /** Of those, the ones in completed groups that stayed paid. */
  completedOrders: z.number().int(),
  completedGmvFen: Fen,
  refundedOrders: z.number().int(),
  /** Campaign pages and group share cards opened; conversion over orders paid into groups. */
  views: CampaignViewStats,
});
export type GroupbuyStatsView = z.infer<typeof GroupbuyStatsView>;

const CampaignParams = z.object({ id: Id });
const tags = ['admin-groupbuy'];

export const adminListGroupbuyCampaigns = defineRoute({
  method: 'GET',
  path: '/api/admin/groupbuy/campaigns',
  summary: 'Group-buy campaigns, newest first',
  tags,
  access: access.admin('groupbuy:read'),
  query: PageQuery.extend({ status: z.enum(GROUPBUY_CAMPAIGN_STATUSES).optional() }),
  response: pageOf(AdminGroupbuyCampaignView),
});

export const adminGetGroupbuyCampaign = defineRoute({
  method: 'GET',
  path: '/api/admin/groupbuy/campaigns/:id',
  summary: 'One group-buy campaign',
  tags,
  access: access.admin('groupbuy:read'),
  params: CampaignParams,
  response: AdminGroupbuyCampaignView,
});

export const adminCreateGroupbuyCampaign = defineRoute({
  method: 'POST',
  path: '/api/admin/groupbuy/campaigns',
  summary: 'Create a group-buy campaign (a draft); every SKU must belong to the product',
  tags,
  access: access.admin('groupbuy:write'),
  body: GroupbuyCampaignInput,
  response: AdminGroupbuyCampaignView,
  status: 201,
});

export const adminUpdateGroupbuyCampaign = defineRoute({
  method: 'PUT',
  path: '/api/admin/groupbuy/campaigns/:id',
  summary: 'Change a campaign no group has started in yet (409 GROUPBUY_CAMPAIGN_IN_USE otherwise)',
  tags,
  access: access.admin('groupbuy:write'),
  params: CampaignParams,
  body: GroupbuyCampaignInput,
  response: AdminGroupbuyCampaignView,
});

export const adminMoveGroupbuyCampaign = defineRoute({
  method: 'POST',
  path: '/api/admin/groupbuy/campaigns/:id/status',
  summary: `Activate or end a campaign (${Object.entries(groupbuyCampaignTransitions)
    .map(([from, to]) => `${from} → ${to.join('|') || '-'}`)
    .join(', ')}); no new group orders after that; groups already forming are decided at their own expiry`,
  tags,
  access: access.admin('groupbuy:write'),
  params: CampaignParams,
  body: z.object({ status: z.enum(GROUPBUY_CAMPAIGN_STATUSES) }),
  response: AdminGroupbuyCampaignView,
});

export const adminDeleteGroupbuyCampaign = defineRoute({
  method: 'DELETE',
  path: '/api/admin/groupbuy/campaigns/:id',
  summary: 'Delete a draft campaign (409 GROUPBUY_CAMPAIGN_NOT_DRAFT otherwise: end it instead)',
  tags,
  access: access.admin('groupbuy:write'),
  params: CampaignParams,
});

export const adminSearchGroups = defineRoute({
  method: 'GET',
  path: '/api/admin/groupbuy/groups',
  summary: 'Groups by campaign, status or member (leader or joiner), newest first, with their members and orders',
  tags,
  access: access.admin('groupbuy:read'),
  query: PageQuery.extend({
    campaignId: z.coerce.number().int().positive().optional(),
    status: z.enum(GROUPBUY_GROUP_STATUSES).optional(),
    memberId: z.coerce.number().int().positive().optional(),
  }),
  response: pageOf(AdminGroupView),
});

export const adminGroupbuyStats = defineRoute({
  method: 'GET',
  path: '/api/admin/groupbuy/stats',
  summary: 'Groups started, completed, completion rate, orders and GMV (one campaign, or all)',
  tags,
  access: access.admin('groupbuy:read'),
  query: z.object({ campaignId: z.coerce.number().int().positive().optional() }),
  response: GroupbuyStatsView,
});
