import Taro from '@tarojs/taro';
import type { MemberView } from '@mall/shared';

/** The logged-in member, kept in Taro storage so it survives restarts (weapp) and reloads (H5). */
const TOKEN_KEY = 'session.token';
const MEMBER_KEY = 'session.member';
const INVITER_KEY = 'session.inviterCode';

export function getToken(): string | null {
  const token: unknown = Taro.getStorageSync(TOKEN_KEY);
  return typeof token === 'string' && token ? token : null;
}

export function getMember(): MemberView | null {
  const member: unknown = Taro.getStorageSync(MEMBER_KEY);
  return member && typeof member === 'object' ? (member as MemberView) : null;
}

export function isLoggedIn(): boolean {
  return getToken() !== null;
}

export function saveSession(token: string, member: MemberView): void {
  Taro.setStorageSync(TOKEN_KEY, token);
  Taro.setStorageSync(MEMBER_KEY, member);
}

export function saveMember(member: MemberView): void {
  Taro.setStorageSync(MEMBER_KEY, member);
}

export function clearSession(): void {
  Taro.removeStorageSync(TOKEN_KEY);
  Taro.removeStorageSync(MEMBER_KEY);
}

/** The invite code a share link brought (?inviter=...); sent once, at the next login. */
export function rememberInviter(code: string | undefined): void {
  const trimmed = code?.trim();
  if (trimmed && /^[A-Za-z0-9_-]{1,32}$/.test(trimmed)) Taro.setStorageSync(INVITER_KEY, trimmed);
}

export function getInviter(): string | undefined {
  const code: unknown = Taro.getStorageSync(INVITER_KEY);
  return typeof code === 'string' && code ? code : undefined;
}

export function forgetInviter(): void {
  Taro.removeStorageSync(INVITER_KEY);
}
