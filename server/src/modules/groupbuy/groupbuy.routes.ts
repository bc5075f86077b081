import { getGroup, getGroupbuyCampaign, listGroupbuyCampaigns, listMyGroups } from '@mall/shared';
import {
  adminCreateGroupbuyCampaign,
  adminDeleteGroupbuyCampaign,
  adminGetGroupbuyCampaign,
  adminGroupbuyStats,
  adminListGroupbuyCampaigns,
  adminMoveGroupbuyCampaign,
  adminSearchGroups,
  adminUpdateGroupbuyCampaign,
} from '@mall/shared/admin';
import type { PlatformDeps } from '../../platform/deps';
import type { AdminActor, ApiRouter } from '../../platform/http/api-router';
import { getRunningCampaign, listRunningCampaigns } from './campaign-reads';
import { createCampaign, deleteCampaign, getCampaign, listCampaigns, moveCampaign, updateCampaign } from './campaigns';
import { getGroupView, groupbuyStats, listMyGroups as myGroups, searchGroups } from './group-views';

export function registerGroupbuyRoutes(api: ApiRouter, deps: PlatformDeps) {
  api.add(listGroupbuyCampaigns, ({ query }) => listRunningCampaigns(query));
  api.add(getGroupbuyCampaign, ({ params }) => getRunningCampaign(params.id));
  api.add(getGroup, ({ params }) => getGroupView(params.groupId));
  api.add(listMyGroups, ({ ctx, query }) => myGroups(ctx.state.member.memberId as number, query));

  const actor = (ctx: { state: { actor?: unknown } }) => ctx.state.actor as AdminActor;
  api.add(adminListGroupbuyCampaigns, ({ query }) => listCampaigns(query));
  api.add(adminGetGroupbuyCampaign, ({ params }) => getCampaign(params.id));
  api.add(adminCreateGroupbuyCampaign, ({ ctx, body }) => createCampaign(deps, actor(ctx), body));
  api.add(adminUpdateGroupbuyCampaign, ({ ctx, params, body }) => updateCampaign(deps, actor(ctx), params.id, body));
  api.add(adminMoveGroupbuyCampaign, ({ ctx, params, body }) => moveCampaign(deps, actor(ctx), params.id, body.status));
  api.add(adminDeleteGroupbuyCampaign, ({ ctx, params }) => deleteCampaign(deps, actor(ctx), params.id));
  api.add(adminSearchGroups, ({ query }) => searchGroups(query));
  api.add(adminGroupbuyStats, ({ query }) => groupbuyStats(query.campaignId));
}
