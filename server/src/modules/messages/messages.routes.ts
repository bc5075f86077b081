import {
  getSubscribeTemplates,
  getUnreadMessageCount,
  listMyMessages,
  markAllMessagesRead,
  markMessageRead,
  recordSubscribeGrants,
  sendTeamNotice as sendTeamNoticeRoute,
} from '@mall/shared';
import type { ApiRouter } from '../../platform/http/api-router';
import { rateLimit } from '../../platform/http/rate-limit';
import type { PlatformDeps } from '../../platform/deps';
import { countUnread, listInbox, markAllRead, markRead } from './inbox';
import { sendTeamNotice } from './send-team-notice';
import { recordGrants } from './subscriptions';

/** Team notices are rate limited: a few an hour keeps a team's inbox from becoming a spam channel. */
const NOTICES_PER_HOUR = 5;

export function registerMessageRoutes(api: ApiRouter, deps: PlatformDeps) {
  const noticeLimit = rateLimit(deps.redis, deps.config.redisPrefix, {
    name: 'team-notice',
    limit: NOTICES_PER_HOUR,
    windowMs: 3_600_000,
  });
  const me = (ctx: { state: { member: { memberId: number } } }) => ctx.state.member.memberId;

  api.add(listMyMessages, ({ ctx, query }) => listInbox(me(ctx), query));
  api.add(getUnreadMessageCount, ({ ctx }) => countUnread(me(ctx)));
  api.add(markAllMessagesRead, ({ ctx }) => markAllRead(me(ctx)));
  api.add(markMessageRead, ({ ctx, params }) => markRead(me(ctx), params.id));
  api.add(sendTeamNoticeRoute, ({ ctx, body }) => sendTeamNotice(deps, me(ctx), body), [noticeLimit]);
  api.add(getSubscribeTemplates, async () => ({ teamNotice: deps.config.sharing.noticeTemplateId ?? null }));
  api.add(recordSubscribeGrants, ({ ctx, body }) => recordGrants(deps, me(ctx), body.results));
}
