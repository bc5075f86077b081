import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { registerCouponListeners } from './coupons.listeners';
import { expireCoupons } from './member-coupons';

export const COUPON_EXPIRY_JOB = 'expire-coupons';

/**
 * Listeners, and a sweep every 10 minutes writing `expired` on available coupons past their validity (reads and
 * redemption already treat them as expired at once; the sweep keeps the stored status and the counts honest).
 * A repeatable job keyed by name: adding it on every boot changes nothing.
 */
export async function registerCouponJobs(deps: PlatformDeps) {
  registerCouponListeners(deps);
  void deps.queues.coupons.process(COUPON_EXPIRY_JOB, 1, async () => {
    const expired = await withTx(deps.sequelize, (tx) => expireCoupons(tx, new Date()));
    if (expired) deps.logger.info({ expired }, 'coupons expired');
  });
  await deps.queues.coupons.add(
    COUPON_EXPIRY_JOB,
    {},
    { repeat: { cron: '*/10 * * * *', tz: 'Asia/Shanghai' }, jobId: COUPON_EXPIRY_JOB },
  );
}
