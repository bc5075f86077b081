export { initMemberModels, Member } from './member.model';
export { registerMemberRoutes } from './members.routes';
export { getMember, toMemberView, type WechatClient } from './login-with-wechat';
