import type { Middleware } from 'koa';
import { getGrabTicket, grabFlashItem, listFlashSessions } from '@mall/shared';
import type { ApiRouter } from '../../platform/http/api-router';
import { rateLimit } from '../../platform/http/rate-limit';
import { channelOf } from '../pricing';
import type { FlashSaleDeps } from './flash-deps';
import { listFlashSessions as listSessions } from './flash-listing';
import { isSoldOutHere } from './flash-stock';
import { grabFlashItem as grab, soldOut, ticketView } from './grab';

/**
 * Sold out here: answered from this process's flag before the rate limits and the script, so the crowd that
 * keeps tapping after the last unit costs no Redis round trip.
 */
const soldOutShortcut: Middleware = async (ctx, next) => {
  if (isSoldOutHere(Number(ctx.params.itemId))) throw soldOut();
  await next();
};

export function registerFlashSaleRoutes(api: ApiRouter, deps: FlashSaleDeps) {
  const { redisPrefix, rateLimit: rateLimits } = deps.config;
  // per member and per address, in one round trip
  const limits = rateLimit(
    deps.redis,
    redisPrefix,
    {
      name: 'flash-grab-ip',
      limit: rateLimits.flashGrabsPerIpPerMinute,
      windowMs: 60_000,
      key: (ctx) => `ip:${ctx.ip}`,
    },
    {
      name: 'flash-grab-member',
      limit: rateLimits.flashGrabsPerMinute,
      windowMs: 60_000,
      key: (ctx) => `m:${ctx.state.member.memberId}`,
    },
  );

  api.add(listFlashSessions, () => listSessions(deps));
  api.add(
    grabFlashItem,
    ({ ctx, params, body }) => grab(deps, ctx.state.member.memberId, params.itemId, body, channelOf(ctx)),
    [soldOutShortcut, limits],
  );
  api.add(getGrabTicket, ({ ctx, params }) => ticketView(deps, ctx.state.member.memberId, params.ticket));
}
