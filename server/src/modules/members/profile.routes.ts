import {
  bindMyPhone,
  createMyAddress,
  deleteMyAddress,
  getMyProfile,
  listMyAddresses,
  setMyDefaultAddress,
  updateMyAddress,
  updateMyProfile as updateMyProfileRoute,
  uploadMyAvatar,
} from '@mall/shared';
import type { WechatPhoneClient } from '../../integrations/wechat';
import type { ApiRouter } from '../../platform/http/api-router';
import { rateLimit } from '../../platform/http/rate-limit';
import type { PlatformDeps } from '../../platform/deps';
import { createAddress, deleteAddress, listAddresses, setDefaultAddress, updateAddress } from './addresses';
import { receiveAvatar, saveAvatar } from './avatar';
import { bindPhone } from './bind-phone';
import { getProfileView } from './profile-view';
import { updateMyProfile } from './update-profile';

export function registerProfileRoutes(api: ApiRouter, deps: PlatformDeps & { wechatPhone: WechatPhoneClient }) {
  const me = (ctx: { state: { member: { memberId: number } } }) => ctx.state.member.memberId;
  // each phone code costs a WeChat call, and the quota is per mini-program: the login budget is a fair bound
  const phoneLimit = rateLimit(deps.redis, deps.config.redisPrefix, {
    name: 'bind-phone',
    limit: deps.config.rateLimit.loginPerMinute,
    windowMs: 60_000,
  });
  api.add(getMyProfile, ({ ctx }) => getProfileView(deps, me(ctx)));
  api.add(updateMyProfileRoute, ({ ctx, body }) => updateMyProfile(deps, me(ctx), body));
  api.add(uploadMyAvatar, ({ ctx }) => saveAvatar(deps, me(ctx), ctx.state.upload), [receiveAvatar]);
  api.add(bindMyPhone, ({ ctx, body }) => bindPhone(deps, ctx.state.member, body.code), [phoneLimit]);

  api.add(listMyAddresses, ({ ctx }) => listAddresses(me(ctx)));
  api.add(createMyAddress, ({ ctx, body }) => createAddress(deps, me(ctx), body));
  api.add(updateMyAddress, ({ ctx, params, body }) => updateAddress(deps, me(ctx), params.addressId, body));
  api.add(setMyDefaultAddress, ({ ctx, params }) => setDefaultAddress(deps, me(ctx), params.addressId));
  api.add(deleteMyAddress, ({ ctx, params }) => deleteAddress(deps, me(ctx), params.addressId));
}
