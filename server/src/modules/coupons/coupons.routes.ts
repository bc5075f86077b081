import { claimCoupon as claimRoute, listClaimCenter as centerRoute, listMyCoupons as mineRoute } from '@mall/shared';
import type { PlatformDeps } from '../../platform/deps';
import type { ApiRouter } from '../../platform/http/api-router';
import { countCampaignViews, viewerOf } from '../campaignviews';
import { listClaimCenter } from './claim-center';
import { claimCoupon } from './issue-coupons';
import { listMyCoupons } from './member-coupons';

export function registerCouponRoutes(api: ApiRouter, deps: PlatformDeps) {
  api.add(mineRoute, async ({ ctx, query }) => listMyCoupons(ctx.state.member.memberId as number, query.status));
  api.add(centerRoute, async ({ ctx, query }) => {
    const center = await listClaimCenter(ctx.state.member.memberId as number);
    const shown = center.items.map((t) => ({ kind: 'coupon' as const, id: t.templateId }));
    countCampaignViews(deps, shown, viewerOf(deps, ctx, query.inviter));
    return center;
  });
  api.add(claimRoute, async ({ ctx, params, body }) =>
    claimCoupon(deps, ctx.state.member.memberId as number, params.templateId, body.sharerCode),
  );
}
