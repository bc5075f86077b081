import {
  adminExportMembers,
  adminGetMember,
  adminRevealIdNumber,
  adminSearchMembers,
  adminUpdateMember as adminUpdateMemberRoute,
} from '@mall/shared';
import type { AdminActor, ApiRouter } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { adminUpdateMember, revealIdNumber } from './admin-member-actions';
import { memberDataCipher } from './id-number-crypto';
import { getAdminMemberDetail } from './profile-view';
import { exportMembers, searchMembers } from './search-members';

export function registerMemberAdminRoutes(api: ApiRouter, deps: PlatformDeps) {
  const cipher = memberDataCipher(deps.config.memberDataKey);
  api.add(adminSearchMembers, ({ query }) => searchMembers(query, cipher));
  api.add(adminExportMembers, async ({ ctx, query }) => {
    const file = await exportMembers(query, cipher);
    const day = new Date().toISOString().slice(0, 10);
    ctx.set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    ctx.set('Content-Disposition', `attachment; filename="members-${day}.xlsx"`);
    ctx.body = file;
  });
  api.add(adminGetMember, ({ params }) => getAdminMemberDetail(params.memberId));
  api.add(adminUpdateMemberRoute, ({ ctx, params, body }) =>
    adminUpdateMember(deps, ctx.state.actor as AdminActor, params.memberId, body),
  );
  api.add(adminRevealIdNumber, async ({ ctx, params, body }) => {
    ctx.set('Cache-Control', 'no-store'); // a clear ID number is never kept by a browser or a proxy
    return revealIdNumber(deps, ctx.state.actor as AdminActor, params.memberId, body.reason);
  });
}
