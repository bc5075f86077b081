import { claimCoupon as claimRoute, listClaimCenter as centerRoute, listMyCoupons as mineRoute } from '@mall/shared';
import type { PlatformDeps } from '../../platform/deps';
import type { ApiRouter } from '../../platform/http/api-router';
import { listClaimCenter } from './claim-center';
import { claimCoupon } from './issue-coupons';
import { listMyCoupons } from './member-coupons';

export function registerCouponRoutes(api: ApiRouter, deps: PlatformDeps) {
  api.add(mineRoute, async ({ ctx, query }) => listMyCoupons(ctx.state.member.memberId as number, query.status));
  api.add(centerRoute, async ({ ctx }) => listClaimCenter(ctx.state.member.memberId as number));
  api.add(claimRoute, async ({ ctx, params, body }) =>
    claimCoupon(deps, ctx.state.member.memberId as number, params.templateId, body.sharerCode),
  );
}
