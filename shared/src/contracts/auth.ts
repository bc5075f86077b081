import { z } from 'zod';
import { access, defineRoute } from './route';

export const MemberView = z.object({
  id: z.number().int(),
  nickname: z.string(),
  avatarUrl: z.string().nullable(),
  /** This member's own code to put into share links. */
  inviteCode: z.string(),
  referrerId: z.number().int().nullable(),
  /** member_levels.code: normal, silver, gold, diamond by default */
  levelCode: z.string(),
  levelName: z.string(),
  createdAt: z.string(),
});

export type MemberView = z.infer<typeof MemberView>;

export const WechatLoginBody = z.object({
  code: z.string().min(1).max(128),
  inviterCode: z.string().min(1).max(32).optional(),
});

export const wechatLogin = defineRoute({
  method: 'POST',
  path: '/api/auth/wechat-login',
  summary: 'Log in with a wx.login code; creates the member on first login',
  tags: ['auth'],
  access: access.public,
  body: WechatLoginBody,
  response: z.object({ token: z.string(), member: MemberView }),
});

export const getMe = defineRoute({
  method: 'GET',
  path: '/api/me',
  summary: 'The logged-in member',
  tags: ['auth'],
  access: access.member,
  response: MemberView,
});

export const sandboxJsCode = defineRoute({
  method: 'POST',
  path: '/sandbox/wechat/js-code',
  summary: 'Sandbox: issue a one-time login code for an openid, as wx.login would',
  tags: ['sandbox'],
  access: access.sandbox,
  body: z.object({ openid: z.string().min(1).max(64) }),
  response: z.object({ code: z.string() }),
});
