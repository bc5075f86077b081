import { type BodyOf, type QueryOf } from '@mall/shared';
import type {
  getSubscribeTemplates as templatesRouteContract,
  getUnreadMessageCount as unreadRouteContract,
  listMyMessages as listRouteContract,
  markAllMessagesRead as readAllRouteContract,
  markMessageRead as readRouteContract,
  recordSubscribeGrants as grantsRouteContract,
  sandboxSubscribeGrant as sandboxSubscribeGrantContract,
  sendTeamNotice as noticeRouteContract,
} from '@mall/shared';
import { call, route } from './client';

const templatesRoute = route<typeof templatesRouteContract>('GET', '/api/messages/subscribe-templates');
const unreadRoute = route<typeof unreadRouteContract>('GET', '/api/messages/unread-count');
const listRoute = route<typeof listRouteContract>('GET', '/api/messages');
const readAllRoute = route<typeof readAllRouteContract>('POST', '/api/messages/read-all');
const readRoute = route<typeof readRouteContract>('POST', '/api/messages/:id/read');
const grantsRoute = route<typeof grantsRouteContract>('POST', '/api/messages/subscriptions');
const sandboxSubscribeGrant = route<typeof sandboxSubscribeGrantContract>('POST', '/sandbox/wechat/subscribe-grants');
const noticeRoute = route<typeof noticeRouteContract>('POST', '/api/team-notices');

export const listMyMessages = (query: QueryOf<typeof listRouteContract> = {}) => call(listRoute, { query });

export const getUnreadCount = () => call(unreadRoute);

export const markMessageRead = (id: number) => call(readRoute, { params: { id } });

export const markAllMessagesRead = () => call(readAllRoute);

export const sendTeamNotice = (body: BodyOf<typeof noticeRouteContract>) => call(noticeRoute, { body });

export const getSubscribeTemplates = () => call(templatesRoute);

export const recordSubscribeGrants = (results: BodyOf<typeof grantsRouteContract>['results']) =>
  call(grantsRoute, { body: { results } });

/** Sandbox stand-in for the member's "allow" in wx.requestSubscribeMessage (H5 only). */
export const grantInSandbox = (openid: string, templateId: string) =>
  call(sandboxSubscribeGrant, { body: { openid, templateId } });
