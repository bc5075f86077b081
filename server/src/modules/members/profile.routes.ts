import { createMyAddress, deleteMyAddress, listMyAddresses, setMyDefaultAddress, updateMyAddress } from '@mall/shared';
import type { ApiRouter } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { createAddress, deleteAddress, listAddresses, setDefaultAddress, updateAddress } from './addresses';

/**
 * The member's address book. Login, "me" and the profile answers carry the level and the team counts, so their
 * routes are registered by flows/ (member-profile.routes), which composes them from members, loyalty and team.
 */
export function registerProfileRoutes(api: ApiRouter, deps: PlatformDeps) {
  const me = (ctx: { state: { member: { memberId: number } } }) => ctx.state.member.memberId;
  api.add(listMyAddresses, ({ ctx }) => listAddresses(me(ctx)));
  api.add(createMyAddress, ({ ctx, body }) => createAddress(deps, me(ctx), body));
  api.add(updateMyAddress, ({ ctx, params, body }) => updateAddress(deps, me(ctx), params.addressId, body));
  api.add(setMyDefaultAddress, ({ ctx, params }) => setDefaultAddress(deps, me(ctx), params.addressId));
  api.add(deleteMyAddress, ({ ctx, params }) => deleteAddress(deps, me(ctx), params.addressId));
}
