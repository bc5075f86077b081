import {
  adminExportMembers,
  adminGetMember,
  adminRevealIdNumber,
  adminSearchMembers,
  adminUpdateMember as adminUpdateMemberRoute,
} from '@mall/shared';
import { recordAudit } from '../admin';
import { withTx } from '../../platform/db/database';
import type { AdminPrincipal } from '../../platform/http/auth';
import type { AdminActor, ApiRouter } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { adminUpdateMember, revealIdNumber } from './admin-member-actions';
import { memberDataCipher } from './id-number-crypto';
import { getAdminMemberDetail } from './profile-view';
import { exportMembers, searchMembers } from './search-members';

export function registerMemberAdminRoutes(api: ApiRouter, deps: PlatformDeps) {
  const cipher = memberDataCipher(deps.config.memberDataKey);
  api.add(adminSearchMembers, ({ query }) => searchMembers(query, cipher));
  api.add(adminExportMembers, async ({ ctx, query, requestId }) => {
    const { file, rowCount } = await exportMembers(query, cipher);
    // a bulk read of personal data is recorded like a write: who took which rows out, and when
    const actor: AdminActor = { ...(ctx.state.admin as AdminPrincipal), requestId, ip: ctx.ip, audited: false };
    await withTx(deps.sequelize, (tx) =>
      recordAudit(
        actor,
        { action: 'members.exported', targetType: 'member', targetId: '*', before: null, after: { query, rowCount } },
        tx,
      ),
    );
    const day = new Date().toISOString().slice(0, 10);
    ctx.set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    ctx.set('Content-Disposition', `attachment; filename="members-${day}.xlsx"`);
    ctx.body = file;
  });
  api.add(adminGetMember, ({ params }) => getAdminMemberDetail(deps, params.memberId));
  api.add(adminUpdateMemberRoute, ({ ctx, params, body }) =>
    adminUpdateMember(deps, ctx.state.actor as AdminActor, params.memberId, body),
  );
  api.add(adminRevealIdNumber, async ({ ctx, params, body }) => {
    ctx.set('Cache-Control', 'no-store'); // a clear ID number is never kept by a browser or a proxy
    return revealIdNumber(deps, ctx.state.actor as AdminActor, params.memberId, body.reason);
  });
}
