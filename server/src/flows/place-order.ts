import type { z } from 'zod';
import { DEFAULT_CHANNEL, placeOrder as placeOrderContract, type Channel, type OrderView } from '@mall/shared';
import type { PlaceOrderBody } from '@mall/shared';
import { withTx } from '../platform/db/database';
import { DomainError } from '../platform/errors';
import type { ApiRouter } from '../platform/http/api-router';
import { rateLimit } from '../platform/http/rate-limit';
import { skusForSale } from '../modules/catalog';
import { reserveStock } from '../modules/inventory';
import { createOrder, findPlacedOrder, orderViewById, type CreatedOrder, type NewOrderLine } from '../modules/orders';
import { channelOf, priceSkus, pricingContextFor, type PricingModuleDeps } from '../modules/pricing';
import { referrerChainOf } from '../modules/team';

type PlaceOrderInput = z.output<typeof PlaceOrderBody>;

/**
 * Checkout, one transaction across the modules: the catalog says what is on sale, pricing gives each line the
 * price this member pays on this channel now (the price the product page showed; never the client's), team
 * gives the referrer chain the order freezes, orders writes the order, inventory reserves its stock under the
 * order number (last, so the SKU rows stay locked only for the rest of the transaction; OUT_OF_STOCK rolls it
 * all back). The member's requestId makes a retried submit answer the order it already placed.
 */
export async function placeOrder(
  deps: PricingModuleDeps,
  memberId: number,
  input: PlaceOrderInput,
  channel: Channel = DEFAULT_CHANNEL,
): Promise<OrderView> {
  const existing = await findPlacedOrder(memberId, input.requestId);
  if (existing) return existing;

  const quantities = new Map<number, number>();
  for (const item of input.items) quantities.set(item.skuId, (quantities.get(item.skuId) ?? 0) + item.quantity);

  const placing = withTx(deps.sequelize, async (tx) => {
    const skus = await skusForSale([...quantities.keys()], tx);
    const prices = await priceSkus(skus, await pricingContextFor(deps, memberId, channel, tx), tx);
    const lines: NewOrderLine[] = [...quantities].map(([skuId, quantity]) => {
      const sku = skus.find((s) => s.id === skuId);
      if (!sku || !sku.isActive || sku.productStatus !== 'on_sale') {
        throw new DomainError('SKU_UNAVAILABLE', `SKU ${skuId} is not on sale`, 409, 'items');
      }
      const price = prices.get(sku.id)!;
      return {
        skuId: sku.id,
        productId: sku.productId,
        productName: sku.productName,
        specsJson: sku.specsJson,
        coverUrl: sku.coverUrl,
        quantity,
        unitPriceFen: price.priceFen,
        basePriceFen: price.basePriceFen,
        priceSource: price.source,
        priceRuleId: price.ruleId,
        priceLabel: price.label,
      };
    });
    const order = await createOrder(deps, tx, {
      memberId,
      requestId: input.requestId,
      address: input.address,
      remark: input.remark,
      referrerChain: await referrerChainOf(memberId, tx),
      lines,
    });
    await reserveStock(
      deps,
      lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity })),
      { orderNo: order.orderNo, operator: `member:${memberId}` },
      tx,
    );
    return order;
  });
  let placed: CreatedOrder;
  try {
    placed = await placing;
  } catch (error) {
    // the same requestId submitted twice at once: the unique index let one through; answer with that one
    const winner =
      error instanceof Error && error.name === 'SequelizeUniqueConstraintError'
        ? await findPlacedOrder(memberId, input.requestId)
        : null;
    if (!winner) throw error;
    return winner;
  }
  deps.metrics.businessEvents.inc({ event: 'order_placed', outcome: 'ok' });
  return orderViewById(placed.orderId);
}

export function registerPlaceOrderRoutes(api: ApiRouter, deps: PricingModuleDeps) {
  const orderLimit = rateLimit(deps.redis, deps.config.redisPrefix, {
    name: 'orders',
    limit: deps.config.rateLimit.ordersPerMinute,
    windowMs: 60_000,
  });
  api.add(placeOrderContract, ({ ctx, body }) => placeOrder(deps, ctx.state.member.memberId, body, channelOf(ctx)), [
    orderLimit,
  ]);
}
