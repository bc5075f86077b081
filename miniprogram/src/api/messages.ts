import {
  getSubscribeTemplates as templatesRoute,
  getUnreadMessageCount as unreadRoute,
  listMyMessages as listRoute,
  markAllMessagesRead as readAllRoute,
  markMessageRead as readRoute,
  recordSubscribeGrants as grantsRoute,
  sandboxSubscribeGrant,
  sendTeamNotice as noticeRoute,
  type BodyOf,
  type QueryOf,
} from '@mall/shared';
import { call } from './client';

export const listMyMessages = (query: QueryOf<typeof listRoute> = {}) => call(listRoute, { query });

export const getUnreadCount = () => call(unreadRoute);

export const markMessageRead = (id: number) => call(readRoute, { params: { id } });

export const markAllMessagesRead = () => call(readAllRoute);

export const sendTeamNotice = (body: BodyOf<typeof noticeRoute>) => call(noticeRoute, { body });

export const getSubscribeTemplates = () => call(templatesRoute);

export const recordSubscribeGrants = (results: BodyOf<typeof grantsRoute>['results']) =>
  call(grantsRoute, { body: { results } });

/** Sandbox stand-in for the member's "allow" in wx.requestSubscribeMessage (H5 only). */
export const grantInSandbox = (openid: string, templateId: string) =>
  call(sandboxSubscribeGrant, { body: { openid, templateId } });
