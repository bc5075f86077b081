import { getMe, wechatLogin } from '@mall/shared';
import type { ApiRouter } from '../../platform/http/api-router';
import { rateLimit } from '../../platform/http/rate-limit';
import type { PlatformDeps } from '../../platform/deps';
import { getMember, loginWithWechat, toMemberView, type WechatClient } from './login-with-wechat';

export function registerMemberRoutes(api: ApiRouter, deps: PlatformDeps & { wechat: WechatClient }) {
  const loginLimit = rateLimit(deps.redis, deps.config.redisPrefix, {
    name: 'login',
    limit: deps.config.rateLimit.loginPerMinute,
    windowMs: 60_000,
  });
  api.add(wechatLogin, ({ body }) => loginWithWechat(deps, body), [loginLimit]);
  api.add(getMe, async ({ ctx }) => await toMemberView(await getMember(ctx.state.member.memberId)));
}
