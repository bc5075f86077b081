import { getMe as getMeRoute, sandboxJsCode, wechatLogin as wechatLoginRoute } from '@mall/shared';
import { call } from './client';

export const wechatLogin = (code: string, inviterCode?: string) =>
  call(wechatLoginRoute, { body: inviterCode ? { code, inviterCode } : { code } });

export const getMe = () => call(getMeRoute);

/** Sandbox stand-in for wx.login: a one-time code for the given openid (H5 only). */
export const issueSandboxCode = (openid: string) => call(sandboxJsCode, { body: { openid } });
