import type {
  getGroup as getGroupContract,
  getGroupbuyCampaign as getCampaignContract,
  listGroupbuyCampaigns as listCampaignsContract,
  listMyGroups as listMyGroupsContract,
  QueryOf,
} from '@mall/shared';
import { call, route } from './client';

const listCampaignsRoute = route<typeof listCampaignsContract>('GET', '/api/groupbuy/campaigns');
const getCampaignRoute = route<typeof getCampaignContract>('GET', '/api/groupbuy/campaigns/:id');
const getGroupRoute = route<typeof getGroupContract>('GET', '/api/groupbuy/groups/:groupId');
const listMyGroupsRoute = route<typeof listMyGroupsContract>('GET', '/api/groupbuy/my-groups');

export const listGroupbuyCampaigns = (query: QueryOf<typeof listCampaignsContract> = {}) =>
  call(listCampaignsRoute, { query });

/** `inviter`: the distributor's code when the page was opened from their share (the view counts for them). */
export const getGroupbuyCampaign = (id: number, inviter?: string) =>
  call(getCampaignRoute, { params: { id }, query: inviter ? { inviter } : {} });

export const getGroup = (groupId: number, inviter?: string) =>
  call(getGroupRoute, { params: { groupId }, query: inviter ? { inviter } : {} });

export const listMyGroups = (query: QueryOf<typeof listMyGroupsContract> = {}) => call(listMyGroupsRoute, { query });
