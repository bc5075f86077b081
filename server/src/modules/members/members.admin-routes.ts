import { adminRevealIdNumber } from '@mall/shared/admin';
import type { AdminActor, ApiRouter } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { revealIdNumber } from './admin-member-actions';

/** Search, export, detail and corrections answer with levels and team figures: flows/ registers those routes. */
export function registerMemberAdminRoutes(api: ApiRouter, deps: PlatformDeps) {
  api.add(adminRevealIdNumber, async ({ ctx, params, body }) => {
    ctx.set('Cache-Control', 'no-store'); // a clear ID number is never kept by a browser or a proxy
    return revealIdNumber(deps, ctx.state.actor as AdminActor, params.memberId, body.reason);
  });
}
