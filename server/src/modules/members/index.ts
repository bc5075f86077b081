import type { WechatPhoneClient } from '../../integrations/wechat';
import type { PlatformDeps } from '../../platform/deps';
import { defineModule } from '../../platform/module';
import type { WechatClient as LoginClient } from './login-with-wechat';
import { initMemberModels as initModels } from './member.model';
import { registerMemberAdminRoutes as adminRoutes } from './members.admin-routes';
import { registerMemberRoutes as memberRoutes } from './members.routes';
import { registerProfileRoutes as profileRoutes } from './profile.routes';
export { Member } from './member.model';
export { MemberLevel } from './member-level.model';
export { registerMemberRoutes } from './members.routes';
export { registerProfileRoutes } from './profile.routes';
export { registerMemberAdminRoutes } from './members.admin-routes';
export { getMember, toMemberView, type WechatClient } from './login-with-wechat';
export { getMemberLevel, listLevels, type LevelRef } from './levels';
export { getProfileView } from './profile-view';
export { listAddresses } from './addresses';
export { AVATAR_URL_PREFIX, avatarDirOf } from './avatar';
export type { MemberJoined, MemberReferrerChanged } from './member-events';

/** Members: login, profile, personal data, addresses; admin search and corrections. */
export const membersModule = defineModule<PlatformDeps & { wechat: LoginClient; wechatPhone: WechatPhoneClient }>({
  name: 'members',
  initModels,
  routes(api, deps) {
    memberRoutes(api, deps);
    profileRoutes(api, deps);
    adminRoutes(api, deps);
  },
  permissions: {
    'members:read': 'See members',
    'members:write':
      'Change members: rebind a referrer, correct a profile, set a level or points by hand, edit the level ladder (with a reason)',
    'members:reveal': 'See a member ID number in clear (each reveal is audited)',
  },
});
