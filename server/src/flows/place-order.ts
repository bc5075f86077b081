import type { z } from 'zod';
import {
  DEFAULT_CHANNEL,
  placeOrder as placeOrderContract,
  quoteOrder,
  type Channel,
  type OrderView,
  type PlaceOrderBody,
} from '@mall/shared';
import { withTx } from '../platform/db/database';
import {
  canBatch,
  settleAll,
  withSharedStatementBatch,
  withStatementBatch,
  type StatementBatch,
} from '../platform/db/statement-batch';
import { DomainError } from '../platform/errors';
import type { ApiRouter } from '../platform/http/api-router';
import { rateLimitWith } from '../platform/http/rate-limit';
import { removeCartSkus, removeCartSkusInBatch } from '../modules/cart';
import {
  explainReserveRefusal,
  findReserveRefusal,
  isReserveRefusal,
  reserveStock,
  reserveStockInBatch,
} from '../modules/inventory';
import { spendPointsForOrder } from '../modules/loyalty';
import {
  allocateOrderNo,
  createOrder,
  queueOrderNoOn,
  createOrderInBatch,
  findPlacedOrder,
  type AppliedAdjustment,
  type CreatedOrder,
  type NewOrder,
} from '../modules/orders';
import { channelOf, type PricingModuleDeps } from '../modules/pricing';
import { referrerChainOf } from '../modules/team';
import { orderLinesOf, quoteCheckout, type QuoteOptions } from './checkout-quote';

type PlaceOrderInput = z.output<typeof PlaceOrderBody>;

const isUniqueClash = (error: unknown) => error instanceof Error && error.name === 'SequelizeUniqueConstraintError';

/**
 * Checkout in few round trips. Before the transaction, everything that can be read is read (the quote: catalog,
 * pricing, points balance, freight; the referrer chain) and the order number is taken from Redis. The
 * transaction then only writes: the order, its lines and adjustments (multi-row inserts), its event and outbox
 * row, the points spend, the cart lines it empties, and last the conditional stock update, so the hot SKU rows
 * stay locked only until COMMIT. The member's requestId is deduplicated by the unique (member_id, request_id)
 * key, not by a SELECT first; the answer is built from the rows written, not read back.
 *
 * The quote is the same pipeline as POST /api/orders/quote: when the member confirmed another payable total
 * (expectedPayableFen), nothing is written and 409 QUOTE_CHANGED carries the new quote.
 */
export async function placeOrder(
  deps: PricingModuleDeps,
  memberId: number,
  input: PlaceOrderInput,
  channel: Channel = DEFAULT_CHANNEL,
  options: QuoteOptions & { orderNo?: string } = {},
): Promise<OrderView> {
  const { orderNo: takenOrderNo, ...quoteOptions } = options;
  const quoteInput = {
    items: input.items,
    fromCart: input.fromCart,
    address: input.address,
    pointsToUse: input.pointsToUse,
    couponId: input.couponId,
    groupBuy: input.groupBuy,
  };
  let prepared;
  try {
    prepared = await Promise.all([
      quoteCheckout(deps, memberId, quoteInput, channel, { ...quoteOptions, placing: true }),
      referrerChainOf(memberId),
      takenOrderNo ?? allocateOrderNo(deps),
    ]);
  } catch (error) {
    // a retried submit of an order already placed answers that order, even if the price moved since
    if (error instanceof DomainError)
      return (await findPlacedOrder(memberId, input.requestId)) ?? Promise.reject(error);
    throw error;
  }
  const [{ quote, pointsUsed, adjusters }, referrerChain, orderNo] = prepared;
  if (input.expectedPayableFen !== undefined && input.expectedPayableFen !== quote.payableFen) {
    const placed = await findPlacedOrder(memberId, input.requestId);
    if (placed) return placed;
    // the placing quote skips what only the confirm page shows (the usable coupons): the new quote is the page's
    const { view: fullView } = await quoteCheckout(deps, memberId, quoteInput, channel, quoteOptions);
    throw new DomainError(
      'QUOTE_CHANGED',
      `The total is now ${quote.payableFen} fen, not the ${input.expectedPayableFen} fen confirmed; confirm again`,
      409,
      'expectedPayableFen',
      { quote: fullView },
    );
  }
  const lines = orderLinesOf(quote);
  const operator = `member:${memberId}`;
  const newOrder: NewOrder = {
    orderNo,
    memberId,
    requestId: input.requestId,
    address: input.address,
    remark: input.remark,
    referrerChain,
    lines,
    adjustments: quote.adjustments,
    shippingFen: quote.shippingFen,
  };
  const commitOf = (applied: AppliedAdjustment) => adjusters.find((a) => a.code === applied.code)?.commit;
  // the common order (no points spent, no coupon or group to commit) on MySQL: one statement batch, two round trips
  const batched = canBatch(deps.sequelize) && pointsUsed === 0 && !quote.adjustments.some(commitOf);
  try {
    const created = batched
      ? await placeInOneBatch(deps, newOrder, input.fromCart, operator)
      : await withTx(deps.sequelize, async (tx) => {
          const order = await createOrder(deps, tx, newOrder);
          if (pointsUsed > 0) await spendPointsForOrder(memberId, pointsUsed, orderNo, tx);
          for (const applied of quote.adjustments) {
            const commit = commitOf(applied);
            if (commit) await commit(tx, { orderId: order.orderId, orderNo, memberId, applied });
          }
          if (input.fromCart)
            await removeCartSkus(
              memberId,
              lines.map((l) => l.skuId),
              tx,
            );
          // last: the SKU rows this locks stay locked only until the COMMIT right after
          await reserveStock(
            deps,
            lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity })),
            { orderNo, operator },
            tx,
          );
          return order;
        });
    deps.metrics.businessEvents.inc({ event: 'order_placed', outcome: 'ok' });
    return created.view;
  } catch (error) {
    // the same requestId submitted twice at once: the unique index let one through; answer with that one
    const winner = isUniqueClash(error) ? await findPlacedOrder(memberId, input.requestId) : null;
    if (!winner) throw error;
    return winner;
  }
}

/**
 * The placement transaction as a statement batch (platform/db/statement-batch.ts) sent in one round trip: BEGIN,
 * the order, its lines, adjustments, first event and outbox row, the cart lines it empties and, last, the guarded
 * stock updates with their ledger rows, then COMMIT; the hot SKU rows are locked only while the server runs the
 * text. A line that does not fit stops the text before COMMIT: the batch rolls back and the answer is the same 409
 * OUT_OF_STOCK as on the statement path.
 *
 * The first text leaves out the low-stock alert's statements (four of the seventeen) and refuses instead a line
 * that would cross its SKU's threshold (`refuse`): a crossing is rare, and then, every line still fitting, the
 * placement is sent again with the alert (`alert`), which raises it once.
 */
async function placeInOneBatch(
  deps: PricingModuleDeps,
  order: NewOrder,
  fromCart: boolean,
  operator: string,
): Promise<CreatedOrder> {
  const stockLines = order.lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity }));
  const work = (crossing: 'alert' | 'refuse') => async (batch: StatementBatch) => {
    const created = createOrderInBatch(deps, batch, order);
    if (fromCart)
      removeCartSkusInBatch(
        order.memberId,
        stockLines.map((l) => l.skuId),
        batch,
      );
    const reserved = reserveStockInBatch(deps, stockLines, { orderNo: order.orderNo, operator }, batch, crossing);
    await settleAll([created, reserved, batch.commit()]);
    return created;
  };
  // the common text may share its transaction with the placements of the same turn (group commit), in the
  // order of the lowest SKU each locks; the rare one with the alert runs alone
  const lowestSku = Math.min(...stockLines.map((l) => l.skuId));
  const place = (crossing: 'alert' | 'refuse') =>
    crossing === 'refuse'
      ? withSharedStatementBatch(deps.sequelize, work(crossing), lowestSku)
      : withStatementBatch(deps.sequelize, work(crossing));
  try {
    return await place('refuse');
  } catch (error) {
    if (!isReserveRefusal(error)) throw error;
    const refused = await findReserveRefusal(stockLines);
    if (refused) throw refused;
  }
  try {
    return await place('alert');
  } catch (error) {
    if (isReserveRefusal(error)) throw await explainReserveRefusal(stockLines);
    throw error;
  }
}

export function registerPlaceOrderRoutes(api: ApiRouter, deps: PricingModuleDeps) {
  // the order number is taken in the rate limit's Redis round trip (a refused or invalid request leaves a gap in
  // the second's numbers, as a failed placement does)
  const orderLimit = rateLimitWith(
    deps.redis,
    deps.config.redisPrefix,
    [{ name: 'orders', limit: deps.config.rateLimit.ordersPerMinute, windowMs: 60_000 }],
    (ctx, pipeline) => {
      const read = queueOrderNoOn(deps, pipeline);
      return ([reply]) => (ctx.state.orderNo = read(reply ?? [new Error('no answer from Redis'), null]));
    },
  );
  api.add(quoteOrder, async ({ ctx, body }) => {
    const { view } = await quoteCheckout(deps, ctx.state.member.memberId as number, body, channelOf(ctx), {
      showBalance: true,
    });
    return view;
  });
  api.add(
    placeOrderContract,
    ({ ctx, body }) =>
      placeOrder(deps, ctx.state.member.memberId, body, channelOf(ctx), { orderNo: ctx.state.orderNo as string }),
    [orderLimit],
  );
}
