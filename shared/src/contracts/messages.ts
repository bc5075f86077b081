import { z } from 'zod';
import { access, defineRoute, Id, PageQuery, pageOf } from './route';

export const MESSAGE_KINDS = ['team_notice', 'system'] as const;

export const MessageView = z.object({
  id: z.number().int(),
  kind: z.enum(MESSAGE_KINDS),
  title: z.string(),
  body: z.string(),
  /** Who sent it (a team notice): nickname only. */
  senderName: z.string().nullable(),
  isRead: z.boolean(),
  createdAt: z.string(),
});
export type MessageView = z.infer<typeof MessageView>;

export const listMyMessages = defineRoute({
  method: 'GET',
  path: '/api/messages',
  summary: 'My inbox, newest first',
  tags: ['messages'],
  access: access.member,
  query: PageQuery.extend({ unreadOnly: z.enum(['true', 'false']).optional() }),
  response: pageOf(MessageView),
});

export const getUnreadMessageCount = defineRoute({
  method: 'GET',
  path: '/api/messages/unread-count',
  summary: 'How many of my messages are unread',
  tags: ['messages'],
  access: access.member,
  response: z.object({ unread: z.number().int() }),
});

export const markMessageRead = defineRoute({
  method: 'POST',
  path: '/api/messages/:id/read',
  summary: 'Mark one of my messages read',
  tags: ['messages'],
  access: access.member,
  params: z.object({ id: Id }),
  response: MessageView,
});

export const markAllMessagesRead = defineRoute({
  method: 'POST',
  path: '/api/messages/read-all',
  summary: 'Mark all my messages read',
  tags: ['messages'],
  access: access.member,
  response: z.object({ marked: z.number().int() }),
});

export const TeamNoticeBody = z.object({
  title: z.string().trim().min(1).max(20),
  body: z.string().trim().min(1).max(200),
});

export const sendTeamNotice = defineRoute({
  method: 'POST',
  path: '/api/team-notices',
  summary: 'Send a short notice to my direct and second-level members (inbox, plus a subscribe message if granted)',
  tags: ['messages'],
  access: access.member,
  body: TeamNoticeBody,
  response: z.object({ noticeId: z.number().int(), recipients: z.number().int() }),
  status: 201,
});

export const SUBSCRIBE_RESULTS = ['accept', 'reject', 'ban', 'filter'] as const;

export const getSubscribeTemplates = defineRoute({
  method: 'GET',
  path: '/api/messages/subscribe-templates',
  summary: 'The subscribe-message template ids the mini-program asks the member to grant',
  tags: ['messages'],
  access: access.member,
  response: z.object({ teamNotice: z.string().nullable() }),
});

export const recordSubscribeGrants = defineRoute({
  method: 'POST',
  path: '/api/messages/subscriptions',
  summary: "Record the result of wx.requestSubscribeMessage (each 'accept' allows one message)",
  tags: ['messages'],
  access: access.member,
  body: z.object({
    results: z.record(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), z.enum(SUBSCRIBE_RESULTS)),
  }),
  response: z.object({ granted: z.array(z.object({ templateId: z.string(), remaining: z.number().int() })) }),
});

export const sandboxSubscribeGrant = defineRoute({
  method: 'POST',
  path: '/sandbox/wechat/subscribe-grants',
  summary: 'Sandbox: the member taps "allow" in wx.requestSubscribeMessage (one more message allowed)',
  tags: ['sandbox'],
  access: access.sandbox,
  body: z.object({ openid: z.string().min(1).max(64), templateId: z.string().min(1).max(64) }),
  response: z.object({ remaining: z.number().int() }),
});
