import {
  getMySharingStats,
  getSharePoster,
  getShareWxacode,
  recordOpen as recordOpenRoute,
  recordShare as recordShareRoute,
} from '@mall/shared';
import type { WxacodeClient } from '../../integrations/wechat';
import type { ApiRouter } from '../../platform/http/api-router';
import { rateLimit } from '../../platform/http/rate-limit';
import type { PlatformDeps } from '../../platform/deps';
import { mySharingStats } from './sharing-stats';
import { recordOpen } from './record-open';
import { findOwnShare, recordShare, targetOf } from './record-share';
import { posterOf, wxacodeOf } from './share-images';

export function registerSharingRoutes(api: ApiRouter, deps: PlatformDeps & { wxacode: WxacodeClient }) {
  const openLimit = rateLimit(deps.redis, deps.config.redisPrefix, {
    name: 'sharing-open',
    limit: 60,
    windowMs: 60_000,
    key: (ctx) => `ip:${ctx.ip}`,
  });
  const shareLimit = rateLimit(deps.redis, deps.config.redisPrefix, {
    name: 'sharing-share',
    limit: 60,
    windowMs: 60_000,
  });

  api.add(recordShareRoute, ({ ctx, body }) => recordShare(deps, ctx.state.member.memberId, body), [shareLimit]);
  api.add(recordOpenRoute, ({ body }) => recordOpen(deps, body), [openLimit]);
  api.add(getMySharingStats, ({ ctx }) => mySharingStats(deps.sequelize, ctx.state.member.memberId));

  api.add(
    getShareWxacode,
    async ({ ctx, params }) => {
      const { share, code } = await findOwnShare(ctx.state.member.memberId, params.shareId);
      ctx.type = 'image/png';
      ctx.set('Cache-Control', 'private, max-age=3600');
      ctx.body = await wxacodeOf(deps.wxacode, deps.config, targetOf(share, code));
    },
    [shareLimit],
  );
  api.add(getSharePoster, async ({ ctx, params }) => {
    const { share, code } = await findOwnShare(ctx.state.member.memberId, params.shareId);
    ctx.type = 'image/png';
    ctx.set('Cache-Control', 'private, max-age=3600');
    ctx.body = await posterOf(deps.config, targetOf(share, code));
  });
}
