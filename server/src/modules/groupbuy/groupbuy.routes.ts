import { getGroup, getGroupbuyCampaign, listGroupbuyCampaigns, listMyGroups } from '@mall/shared';
import {
  adminCreateGroupbuyCampaign,
  adminDeleteGroupbuyCampaign,
  adminExportGroupbuyStats,
  adminGetGroupbuyCampaign,
  adminGroupbuyStats,
  adminListGroupbuyCampaigns,
  adminMoveGroupbuyCampaign,
  adminSearchGroups,
  adminUpdateGroupbuyCampaign,
} from '@mall/shared/admin';
import type { PlatformDeps } from '../../platform/deps';
import type { AdminActor, ApiRouter } from '../../platform/http/api-router';
import { sendAuditedSheet } from '../admin';
import { countCampaignViews, viewerOf } from '../campaignviews';
import { getRunningCampaign, listRunningCampaigns } from './campaign-reads';
import { groupbuyStatsSheet } from './groupbuy-stats-sheet';
import { createCampaign, deleteCampaign, getCampaign, listCampaigns, moveCampaign, updateCampaign } from './campaigns';
import { getGroupView, groupbuyStats, listMyGroups as myGroups, searchGroups } from './group-views';

export function registerGroupbuyRoutes(api: ApiRouter, deps: PlatformDeps) {
  api.add(listGroupbuyCampaigns, ({ query }) => listRunningCampaigns(query));
  // a campaign page and a group's share card count as views of the campaign (the card's inviter gets them)
  api.add(getGroupbuyCampaign, async ({ ctx, params, query }) => {
    const campaign = await getRunningCampaign(params.id);
    countCampaignViews(deps, [{ kind: 'groupbuy', id: campaign.id }], viewerOf(deps, ctx, query.inviter));
    return campaign;
  });
  api.add(getGroup, async ({ ctx, params, query }) => {
    const group = await getGroupView(params.groupId);
    countCampaignViews(deps, [{ kind: 'groupbuy', id: group.campaignId }], viewerOf(deps, ctx, query.inviter));
    return group;
  });
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
  api.add(adminExportGroupbuyStats, async ({ ctx, query }) => {
    const sheet = await groupbuyStatsSheet();
    await sendAuditedSheet(deps, ctx, {
      action: 'groupbuy.stats_export',
      targetType: 'groupbuy_campaign',
      sheet,
      format: query.format,
      baseName: 'groupbuy-stats',
    });
  });
}
