import { z } from 'zod';
import { GROUPBUY_GROUP_STATUSES, GROUPBUY_MEMBER_STATUSES } from '../statuses';
import { access, defineRoute, Fen, Id, PageQuery, pageOf } from './route';
import { ViewerQuery } from './sharing';

/** One SKU of a group-buy campaign: its list price and the group price (拼团价). */
export const GroupbuySkuView = z.object({
  skuId: z.number().int(),
  specs: z.record(z.string(), z.string()),
  listPriceFen: Fen,
  groupPriceFen: Fen,
});

/** A campaign as members see it (list card and detail). */
export const GroupbuyCampaignCard = z.object({
  id: z.number().int(),
  name: z.string(),
  productId: z.number().int(),
  productName: z.string(),
  coverUrl: z.string().nullable(),
  groupSize: z.number().int(),
  /** How long a group stays open after its leader paid. */
  timeLimitSeconds: z.number().int(),
  /** Units one member may buy in this campaign, over all their groups. */
  perMemberLimit: z.number().int(),
  /** An expired group completes with the members it has (true) or fails and refunds them (false). */
  allowFewer: z.boolean(),
  /** The lowest group price and the list price of that SKU. */
  fromGroupPriceFen: Fen,
  fromListPriceFen: Fen,
  startsAt: z.string(),
  endsAt: z.string(),
});
export type GroupbuyCampaignCard = z.infer<typeof GroupbuyCampaignCard>;

/** A group as anyone with its share card sees it: progress and members' nicknames and avatars, nothing private. */
export const GroupView = z.object({
  id: z.number().int(),
  campaignId: z.number().int(),
  status: z.enum(GROUPBUY_GROUP_STATUSES),
  groupSize: z.number().int(),
  paidCount: z.number().int(),
  /** Places still free (0 when full or closed). */
  remaining: z.number().int(),
  /** null until the leader paid. */
  expiresAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  members: z.array(
    z.object({
      nickname: z.string(),
      avatarUrl: z.string().nullable(),
      isLeader: z.boolean(),
      joinedAt: z.string(),
    }),
  ),
});
export type GroupView = z.infer<typeof GroupView>;

export const GroupbuyCampaignDetail = GroupbuyCampaignCard.extend({
  skus: z.array(GroupbuySkuView),
  /** Groups one can join now, fullest first (at most 10). */
  openGroups: z.array(GroupView),
});
export type GroupbuyCampaignDetail = z.infer<typeof GroupbuyCampaignDetail>;

export const MyGroupView = z.object({
  group: GroupView,
  campaignName: z.string(),
  orderNo: z.string(),
  isLeader: z.boolean(),
  memberStatus: z.enum(GROUPBUY_MEMBER_STATUSES),
});
export type MyGroupView = z.infer<typeof MyGroupView>;

export const listGroupbuyCampaigns = defineRoute({
  method: 'GET',
  path: '/api/groupbuy/campaigns',
  summary: 'Group-buy campaigns running now (active and between their start and end), newest first',
  tags: ['groupbuy'],
  access: access.public,
  query: PageQuery,
  response: pageOf(GroupbuyCampaignCard),
});

export const getGroupbuyCampaign = defineRoute({
  method: 'GET',
  path: '/api/groupbuy/campaigns/:id',
  summary: 'One running campaign: its SKUs with group prices and the groups open to join',
  tags: ['groupbuy'],
  access: access.public,
  params: z.object({ id: Id }),
  query: ViewerQuery,
  response: GroupbuyCampaignDetail,
});

export const getGroup = defineRoute({
  method: 'GET',
  path: '/api/groupbuy/groups/:groupId',
  summary: "A group's progress and members (the share card opens it); an opening or cancelled group is 404",
  tags: ['groupbuy'],
  access: access.public,
  params: z.object({ groupId: Id }),
  query: ViewerQuery,
  response: GroupView,
});

export const listMyGroups = defineRoute({
  method: 'GET',
  path: '/api/groupbuy/my-groups',
  summary: 'The groups I started or joined, newest first',
  tags: ['groupbuy'],
  access: access.member,
  query: PageQuery,
  response: pageOf(MyGroupView),
});
