import type { SubscribeMessageClient } from '../../integrations/wechat';
import type { PlatformDeps } from '../../platform/deps';
import { defineModule } from '../../platform/module';
import { initMessageModels } from './message.model';
import { registerMessageRoutes } from './messages.routes';
import { registerMessageJobs } from './messages.jobs';
// issue 11 (team training sessions): a notice to chosen members of one's team, in the caller's transaction
export { noticeMembers } from './notice-members';
/** In-app messages (inbox), notices to one's team and WeChat subscribe messages. The only door. */

/** Inbox, team notices and WeChat subscribe messages. */
export const messagesModule = defineModule<PlatformDeps & { subscribeMessages: SubscribeMessageClient }>({
  name: 'messages',
  initModels: initMessageModels,
  routes: registerMessageRoutes,
  jobs: registerMessageJobs,
});
