import type { CouponAudience } from '@mall/shared/admin';
import { memberIdsAtLevel } from '../loyalty';

/**
 * Who an admin grant reaches, one resolver per audience kind. A member segment (会员画像, built beside this) plugs
 * in as one more kind in CouponAudience (shared/src/contracts/coupons-admin.ts) and one more entry here, calling
 * the segments module's door for the segment's member ids.
 */
const resolvers: { [K in CouponAudience['kind']]: (a: Extract<CouponAudience, { kind: K }>) => Promise<number[]> } = {
  members: async (a) => [...new Set(a.memberIds)],
  level: (a) => memberIdsAtLevel(a.levelCode),
};

export function audienceMemberIds(audience: CouponAudience): Promise<number[]> {
  return (resolvers[audience.kind] as (a: CouponAudience) => Promise<number[]>)(audience);
}
