import Taro from '@tarojs/taro';
import { recordOpen } from '../api/sharing';
import { getMember, rememberInviter } from '../stores/session';

// storage keys from before the module was named sharing: renaming them would count known visitors again
const VISITOR_KEY = 'promotion.visitorId';
const REPORTED_KEY = 'promotion.reportedOpens';

export interface LaunchParams {
  inviter?: string;
  share?: string;
  productId?: string;
}

/**
 * What a share brought: ?inviter=&share= from a card or H5 link, or the wxacode `scene` (i=CODE&s=SHARE&p=ID,
 * URL-encoded by WeChat) when the mini-program was opened from a mini-program code.
 */
export function parseLaunchParams(params: Record<string, string | undefined>): LaunchParams {
  const out: LaunchParams = { inviter: params.inviter, share: params.share, productId: params.id };
  if (params.scene) {
    const scene = new URLSearchParams(decodeURIComponent(params.scene));
    out.inviter ??= scene.get('i') ?? undefined;
    out.share ??= scene.get('s') ?? undefined;
    out.productId ??= scene.get('p') ?? undefined;
  }
  return out;
}

/**
 * The distributor whose share opened this page, to send with the page's read (`?inviter=`): the campaign views
 * count for them. Only a well-formed code: a broken link still opens the page.
 */
export function viewInviterOf(params: Record<string, string | undefined>): string | undefined {
  const { inviter } = parseLaunchParams(params);
  return inviter && /^[A-Za-z0-9]{4,16}$/.test(inviter) ? inviter : undefined;
}

/** An anonymous id kept in this device's storage, so an open counts once per visitor (never a member id). */
function visitorId(): string {
  const saved: unknown = Taro.getStorageSync(VISITOR_KEY);
  if (typeof saved === 'string' && saved) return saved;
  const id = `v${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
  Taro.setStorageSync(VISITOR_KEY, id);
  return id;
}

/**
 * Keeps the inviter for the next login and tells the server about the open (once per share per day here).
 * Returns the inviter code the launch carried, unless it is the member's own.
 */
export function noteShareLaunch(params: Record<string, string | undefined>): string | undefined {
  const { inviter, share } = parseLaunchParams(params);
  if (!inviter || !/^[A-Za-z0-9]{4,16}$/.test(inviter)) return undefined;
  if (getMember()?.inviteCode === inviter) return undefined; // opening one's own link is not an open for oneself
  rememberInviter(inviter);
  reportOpenOnce(inviter, share);
  return inviter;
}

function reportOpenOnce(inviter: string, share: string | undefined): void {
  const today = new Date().toISOString().slice(0, 10);
  const key = `${today}:${inviter}:${share ?? ''}`;
  const reported: unknown = Taro.getStorageSync(REPORTED_KEY);
  const seen = Array.isArray(reported) ? (reported as string[]).filter((k) => k.startsWith(today)) : [];
  if (seen.includes(key)) return;
  Taro.setStorageSync(REPORTED_KEY, [...seen, key]);
  const validShare = share && /^[a-z0-9]{6,10}$/.test(share) ? share : undefined;
  // statistics only: a failed report must never disturb the visitor
  recordOpen({ inviterCode: inviter, visitorId: visitorId(), ...(validShare ? { shareId: validShare } : {}) }).catch(
    () => undefined,
  );
}
