import type { Context } from 'koa';
import type { CampaignKind } from '@mall/shared/admin';
import { chinaDay } from '../../platform/china-day';
import type { PlatformDeps } from '../../platform/deps';

/** A day's counters outlive the rollup's look-back (it rolls the last ROLLUP_DAYS days every minute). */
export const ROLLUP_DAYS = 3;
const DAY_KEY_TTL_S = 8 * 86_400;
/** The lifetime unique-viewer estimate of a campaign: kept while it is viewed, gone a quarter after the last view. */
const VIEWERS_KEY_TTL_S = 90 * 86_400;
const INVITE_CODE = /^[A-Za-z0-9]{4,16}$/;

export const viewKeys = (prefix: string) => ({
  /** Hash of counters for a China day: field `kind:id:inviterCode` (empty code: not from a share). */
  day: (day: string) => `${prefix}:cviews:d:${day}`,
  /** HyperLogLog of who viewed the campaign. */
  viewers: (kind: CampaignKind, id: number) => `${prefix}:cviews:u:${kind}:${id}`,
});

export interface Viewer {
  /** A member (`m:12`) or, for a guest, the address (`ip:1.2.3.4`). */
  key: string;
  /** The distributor's code from the shared link or card (`?inviter=`), if any. */
  inviterCode?: string | undefined;
}

/**
 * Who is looking: the member the route authenticated, else the member of a valid token on a public page, else the
 * address; the inviter only when well formed (`?inviter=` of a share).
 */
export function viewerOf(deps: Pick<PlatformDeps, 'tokens'>, ctx: Context, inviterCode?: unknown): Viewer {
  const code = typeof inviterCode === 'string' && INVITE_CODE.test(inviterCode) ? inviterCode : undefined;
  let memberId = (ctx.state.member as { memberId?: number } | undefined)?.memberId ?? null;
  const header = memberId === null ? ctx.get('authorization') : '';
  if (header.startsWith('Bearer ')) {
    try {
      memberId = deps.tokens.verifyMember(header.slice(7).trim()).memberId;
    } catch {
      memberId = null; // an expired token: counted by address, as a guest
    }
  }
  return { key: memberId === null ? `ip:${ctx.ip}` : `m:${memberId}`, inviterCode: code };
}

/**
 * Counts one view of each campaign: a counter and a unique-viewer mark in Redis, sent as one pipeline and not
 * awaited (no database write and no round trip on the read it rides on). A lost view when Redis is down is the
 * price; the page answers all the same.
 */
export function countCampaignViews(
  deps: Pick<PlatformDeps, 'redis' | 'config' | 'logger'>,
  campaigns: readonly { kind: CampaignKind; id: number }[],
  viewer: Viewer,
  at = new Date(),
): void {
  if (!campaigns.length) return;
  const keys = viewKeys(deps.config.redisPrefix);
  const dayKey = keys.day(chinaDay(at));
  const pipeline = deps.redis.pipeline();
  for (const c of campaigns) {
    pipeline.hincrby(dayKey, `${c.kind}:${c.id}:${viewer.inviterCode ?? ''}`, 1);
    pipeline.pfadd(keys.viewers(c.kind, c.id), viewer.key);
    pipeline.expire(keys.viewers(c.kind, c.id), VIEWERS_KEY_TTL_S);
  }
  pipeline.expire(dayKey, DAY_KEY_TTL_S);
  pipeline.exec().catch((err: unknown) => deps.logger.warn({ err }, 'campaign views not counted'));
}
