import type {
  getMe as getMeRouteContract,
  sandboxJsCode as sandboxJsCodeContract,
  wechatLogin as wechatLoginRouteContract,
} from '@mall/shared';
import { call, route } from './client';

const getMeRoute = route<typeof getMeRouteContract>('GET', '/api/me');
const sandboxJsCode = route<typeof sandboxJsCodeContract>('POST', '/sandbox/wechat/js-code');
const wechatLoginRoute = route<typeof wechatLoginRouteContract>('POST', '/api/auth/wechat-login');

export const wechatLogin = (code: string, inviterCode?: string) =>
  call(wechatLoginRoute, { body: inviterCode ? { code, inviterCode } : { code } });

export const getMe = () => call(getMeRoute);

/** Sandbox stand-in for wx.login: a one-time code for the given openid (H5 only). */
export const issueSandboxCode = (openid: string) => call(sandboxJsCode, { body: { openid } });
