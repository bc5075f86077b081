import Taro from '@tarojs/taro';
import type { MemberView } from '@mall/shared';
import { issueSandboxCode, wechatLogin } from '../api/auth';
import { forgetInviter, getInviter, getMember, getToken, saveSession } from './session';

const H5_OPENID_KEY = 'sandbox.openid';

/** H5 has no wx.login: the sandbox stands in for WeChat, with one stable openid per browser. */
export function sandboxOpenid(): string {
  const saved: unknown = Taro.getStorageSync(H5_OPENID_KEY);
  if (typeof saved === 'string' && saved) return saved;
  const openid = `h5-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
  Taro.setStorageSync(H5_OPENID_KEY, openid);
  return openid;
}

async function obtainLoginCode(): Promise<string> {
  if (process.env.TARO_ENV === 'h5') return (await issueSandboxCode(sandboxOpenid())).code;
  const { code } = await Taro.login();
  return code;
}

let pending: Promise<MemberView> | null = null;

/** Logs in (once, however many callers ask at the same time) and stores the session. */
export function login(): Promise<MemberView> {
  pending ??= (async () => {
    try {
      const code = await obtainLoginCode();
      const { token, member } = await wechatLogin(code, getInviter());
      saveSession(token, member);
      forgetInviter();
      return member;
    } finally {
      pending = null;
    }
  })();
  return pending;
}

/** The member, logging in first if there is no session yet. */
export async function ensureLoggedIn(): Promise<MemberView> {
  const member = getMember();
  if (getToken() && member) return member;
  return login();
}
