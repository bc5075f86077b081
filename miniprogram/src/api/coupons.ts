import type {
  claimCoupon as claimRouteContract,
  listClaimCenter as centerRouteContract,
  listMyCoupons as mineRouteContract,
  MemberCouponStatus,
} from '@mall/shared';
import { call, route } from './client';

const mineRoute = route<typeof mineRouteContract>('GET', '/api/coupons');
const centerRoute = route<typeof centerRouteContract>('GET', '/api/coupons/center');
const claimRoute = route<typeof claimRouteContract>('POST', '/api/coupons/center/:templateId/claim');

/** My coupons of one status (可使用 / 已使用 / 已过期), with the count of each. */
export const listMyCoupons = (status: MemberCouponStatus) => call(mineRoute, { query: { status } });

/** 领券中心: what I may claim now. */
export const listClaimCenter = (inviter?: string) => call(centerRoute, { query: inviter ? { inviter } : {} });

/** Claim one; `sharerCode` is the distributor's invite code when the page was opened from their shared link. */
export const claimCoupon = (templateId: number, sharerCode?: string) =>
  call(claimRoute, { params: { templateId }, body: sharerCode ? { sharerCode } : {} });
