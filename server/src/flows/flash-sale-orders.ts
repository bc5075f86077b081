import { ShippingAddress, type Channel, CHANNELS, DEFAULT_CHANNEL } from '@mall/shared';
import { DomainError } from '../platform/errors';
import {
  pendingGrab,
  PLACE_FLASH_ORDER_JOB,
  recordGrabFailed,
  recordGrabOrdered,
  settleGrabOrdered,
  type PendingGrab,
} from '../modules/flashsale';
import type { PricingModuleDeps } from '../modules/pricing';
import { withTx } from '../platform/db/database';
import type { CheckoutAdjuster } from './checkout-adjusters';
import { placeOrder } from './place-order';

/** Jobs at once per worker: each is one placement transaction; the hot item row serializes them anyway. */
const CONCURRENCY = 8;

/**
 * 秒杀价 at the campaign stage: the flash line is brought down to the flash price (the rest of the quote, points
 * or coupons, would apply on top; a flash order carries none). Its commit records the grab in the placement
 * transaction, where the database's stock and limit checks can still refuse the order.
 */
export function flashPriceAdjuster(grab: PendingGrab): CheckoutAdjuster {
  return {
    code: 'flash_sale',
    stage: 'campaign',
    apply(draft) {
      const index = draft.lines.findIndex((l) => l.skuId === grab.skuId);
      if (index < 0) return null;
      const line = draft.lines[index]!;
      const amountFen = Math.max(0, line.payableFen - grab.flashPriceFen * line.quantity);
      const weights = draft.lines.map((_, i) => (i === index ? 1 : 0));
      return amountFen > 0 ? { amountFen, label: '秒杀价', ref: grab.ticket, weights } : null;
    },
    commit: (tx, placed) => recordGrabOrdered(grab, placed.orderNo, tx),
  };
}

const channelOf = (raw: string): Channel => CHANNELS.find((c) => c === raw) ?? DEFAULT_CHANNEL;

/**
 * A ticket becomes an order through the normal placement, with requestId = ticket, so a job run again (a retry, a
 * worker killed mid-way) places it once. A refused placement (SKU stock, SKU off sale, the database's flash checks)
 * marks the ticket failed and gives its units back once; any other error is retried by Bull.
 */
export async function placeFlashOrder(deps: PricingModuleDeps, ticket: string) {
  const grab = await pendingGrab(deps, ticket);
  if (!grab) return { ticket, outcome: 'unknown' };
  if (grab.decided) {
    // the database decided in an earlier run; only the Redis side may be left
    if (grab.decided.status === 'failed') await recordGrabFailed(deps, grab, grab.decided.failCode ?? 'FAILED');
    else await settleGrabOrdered(deps, grab, grab.decided.orderNo!);
    return { ticket, outcome: grab.decided.status };
  }
  const address = ShippingAddress.safeParse(grab.address);
  if (!address.success) {
    await recordGrabFailed(deps, grab, 'ADDRESS_INVALID');
    return { ticket, outcome: 'failed' };
  }
  try {
    const order = await placeOrder(
      deps,
      grab.memberId,
      {
        items: [{ skuId: grab.skuId, quantity: grab.quantity }],
        address: address.data,
        remark: '',
        requestId: ticket,
        pointsToUse: 0,
        fromCart: false,
      },
      channelOf(grab.channel),
      { extraAdjusters: [flashPriceAdjuster(grab)] },
    );
    // no flash discount applied (the member's own price was lower): the grab is recorded here instead
    await withTx(deps.sequelize, (tx) => recordGrabOrdered(grab, order.orderNo, tx));
    await settleGrabOrdered(deps, grab, order.orderNo);
    return { ticket, outcome: 'ordered', orderNo: order.orderNo };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await recordGrabFailed(deps, grab, error.code);
    deps.logger.info({ ticket, code: error.code }, 'flash order refused; stock given back');
    return { ticket, outcome: 'failed', code: error.code };
  }
}

export function registerFlashOrderJobs(deps: PricingModuleDeps) {
  void deps.queues.flash
    .process(PLACE_FLASH_ORDER_JOB, CONCURRENCY, (job) =>
      placeFlashOrder(deps, (job.data as { ticket: string }).ticket),
    )
    .catch((err: unknown) => deps.logger.debug({ err }, 'flash order processor stopped'));
}
