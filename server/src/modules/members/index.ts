import type { PlatformDeps } from '../../platform/deps';
import { defineModule } from '../../platform/module';
import { initMemberModels as initModels } from './member.model';
import { registerMemberAdminRoutes as adminRoutes } from './members.admin-routes';
import { registerProfileRoutes as profileRoutes } from './profile.routes';
export {
  getMember,
  memberExists,
  memberIdByCode,
  membersByIds,
  openidOf,
  type MemberSummary,
} from './member-directory';
// issue 12 (segments): every member page by page, and where they live
export { memberIdsAfter, regionsOf } from './member-directory';
export {
  createMember,
  issueMemberToken,
  memberIdByOpenid,
  wechatIdentityOf,
  type WechatClient,
} from './login-with-wechat';
export { memberPersonalDataOf, type MemberPersonalData, type MemberRow } from './profile-view';
// issue 11 (team training sessions): a leader's sign-up list, phones masked
export { memberRowsByIds } from './profile-view';
export { exportMembers, searchMembers, type CompleteRows, type MemberSearch } from './search-members';
export { holdMemberLock, updateMyProfile } from './update-profile';
export { bindPhone } from './bind-phone';
export { adminUpdateMember } from './admin-member-actions';
export { listAddresses } from './addresses';
// issue 11 (withdrawals): the real name and ID on file, and the cipher for bank account numbers at rest
export { withdrawalIdentityOf, type WithdrawalIdentity } from './profile-view';
export { memberDataCipher, type MemberDataCipher } from './id-number-crypto';
export { membersSharingPhoneWith } from './shared-identities';
// issue 11 (fund risk): the devices a member was seen on, and who else was on them
export { membersSharingDeviceWith, recordMemberDevice } from './devices';
export { AVATAR_URL_PREFIX, avatarDirOf, receiveAvatar, saveAvatar } from './avatar';
export type { MemberJoined, MemberReferrerChanged } from './member-events';

/**
 * Members: identity, profile, personal data, addresses. Login, "me", the profile answers and the admin member
 * search and detail also show the level (loyalty) and the team (team): flows/ composes and routes them.
 */
export const membersModule = defineModule<PlatformDeps>({
  name: 'members',
  initModels,
  routes(api, deps) {
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
