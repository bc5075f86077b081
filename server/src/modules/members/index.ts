export { initMemberModels, Member } from './member.model';
export { MemberLevel } from './member-level.model';
export { registerMemberRoutes } from './members.routes';
export { getMember, toMemberView, type WechatClient } from './login-with-wechat';
export { getMemberLevel, listLevels, type LevelRef } from './levels';
export type { MemberJoined, MemberReferrerChanged } from './member-events';
