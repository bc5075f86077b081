import type { PlatformDeps } from '../../platform/deps';
import { defineModule } from '../../platform/module';
import { registerCouponAdminRoutes } from './coupons.admin-routes';
import { registerCouponJobs } from './coupons.jobs';
import { initCouponModels } from './coupons.model';
import { registerCouponRoutes } from './coupons.routes';
export { couponAdjusterFor, type CouponAdjuster, type CouponCheckout } from './redeem-coupon';
export { couponRuleLabel, couponSaving, type CouponLine, type CouponRule, type CouponSaving } from './coupon-rules';
export { expireCoupons, returnOrderCoupon } from './member-coupons';
export { giveRewardCoupon, type RewardCouponOutcome } from './issue-coupons'; // issue 11: team growth

/**
 * Coupons (优惠券, issue 12): templates, issuance (claim center, shared links attributed to the distributor, admin
 * grants, new-member gifts, level perks) under a budget and per-member limits that hold under concurrency,
 * redemption as the `coupon` stage of the checkout quote, return on cancel and refund, and each template's effect.
 */
export const couponsModule = defineModule<PlatformDeps>({
  name: 'coupons',
  initModels: initCouponModels,
  routes(api, deps) {
    registerCouponRoutes(api, deps);
    registerCouponAdminRoutes(api, deps);
  },
  jobs: registerCouponJobs,
  permissions: {
    'coupons:read': 'See coupon templates, their statistics and members’ coupons',
    'coupons:write': 'Create, change, pause and end coupon templates, and grant coupons to members',
  },
});
