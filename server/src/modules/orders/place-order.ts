import { type z } from 'zod';
import { DEFAULT_CHANNEL, sumFen, type Channel, type PlaceOrderBody } from '@mall/shared';
import { Sku, Product, reserveStock } from '../catalog';
import { priceSkus, pricingContextFor } from '../pricing';
import { withTx } from '../../platform/db/database';
import { DomainError } from '../../platform/errors';
import type { PlatformDeps } from '../../platform/deps';
import { enqueueAfterCommit } from '../../platform/queue/queues';
import { nextOrderNo } from './order-number';
import { Order, OrderEvent, OrderLine } from './order.model';
import type { OrderStatusChanged } from '../../platform/events/domain-events';
import { linesOf, toOrderView } from './order-view';

type PlaceOrderInput = z.output<typeof PlaceOrderBody>;

export const EXPIRE_JOB = 'expire-unpaid';
export const expireJobId = (orderNo: string) => `expire:${orderNo}`;

/**
 * Prices come from the database, never from the client: each line pays what the pricing resolver gives this
 * member on this channel now (the price the product page showed), and records which rule gave it. Stock is
 * reserved in the same transaction; the timeout job is scheduled only after commit. The member's requestId makes a retried submit return the
 * order it already placed instead of placing a second one.
 */
export async function placeOrder(
  deps: PlatformDeps,
  memberId: number,
  input: PlaceOrderInput,
  channel: Channel = DEFAULT_CHANNEL,
) {
  const existing = await Order.findOne({ where: { memberId, requestId: input.requestId } });
  if (existing) return toOrderView(existing, (await linesOf([existing.id])).get(existing.id) ?? []);

  const quantities = new Map<number, number>();
  for (const item of input.items) quantities.set(item.skuId, (quantities.get(item.skuId) ?? 0) + item.quantity);

  const order = await withTx(deps.sequelize, async (tx) => {
    const skus = await Sku.findAll({ where: { id: [...quantities.keys()] }, transaction: tx });
    const products = await Product.findAll({
      where: { id: [...new Set(skus.map((s) => s.productId))] },
      transaction: tx,
    });
    const productById = new Map(products.map((p) => [p.id, p]));
    const prices = await priceSkus(skus, await pricingContextFor(memberId, channel, tx), tx);
    const lines = [...quantities].map(([skuId, quantity]) => {
      const sku = skus.find((s) => s.id === skuId);
      const product = sku && productById.get(sku.productId);
      if (!sku || !sku.isActive || !product || product.status !== 'on_sale') {
        throw new DomainError('SKU_UNAVAILABLE', `SKU ${skuId} is not on sale`, 409, 'items');
      }
      const price = prices.get(sku.id)!;
      return { sku, product, quantity, price, lineTotalFen: price.priceFen * quantity };
    });
    const itemsFen = sumFen(lines.map((l) => l.lineTotalFen));
    const shippingFen = 0; // free shipping until the logistics issue brings templates
    const now = new Date();
    const orderNo = await nextOrderNo(
      { redis: deps.redis, redisPrefix: deps.config.redisPrefix, secret: deps.config.jwtSecret },
      now,
    );
    const created = await Order.create(
      {
        orderNo,
        memberId,
        status: 'pending_payment',
        itemsFen,
        shippingFen,
        payableFen: itemsFen + shippingFen,
        addressJson: JSON.stringify(input.address),
        remark: input.remark,
        requestId: input.requestId,
        expiresAt: new Date(now.getTime() + deps.config.orders.paymentTimeoutMinutes * 60_000),
      },
      { transaction: tx },
    );
    await OrderLine.bulkCreate(
      lines.map((l) => ({
        orderId: created.id,
        skuId: l.sku.id,
        productId: l.product.id,
        productName: l.product.name,
        specsJson: l.sku.specsJson,
        coverUrl: l.product.coverUrl,
        unitPriceFen: l.price.priceFen,
        quantity: l.quantity,
        lineTotalFen: l.lineTotalFen,
        basePriceFen: l.price.basePriceFen,
        priceSource: l.price.source,
        priceRuleId: l.price.ruleId,
        priceLabel: l.price.label,
      })),
      { transaction: tx },
    );
    // reserved last, under the order number: the SKU rows stay locked only for the rest of this transaction
    await reserveStock(
      deps,
      lines.map((l) => ({ skuId: l.sku.id, quantity: l.quantity })),
      { orderNo: created.orderNo, operator: `member:${memberId}` },
      tx,
    );
    const placed = await OrderEvent.create(
      {
        orderId: created.id,
        fromStatus: null,
        toStatus: 'pending_payment',
        actor: `member:${memberId}`,
        reason: 'placed',
      },
      { transaction: tx },
    );
    deps.events.publishAfterCommit<OrderStatusChanged>(tx, 'order.pending_payment', String(placed.id), {
      orderId: created.id,
      orderNo: created.orderNo,
      memberId,
      from: '',
      to: 'pending_payment',
      payableFen: created.payableFen,
      paidFen: 0,
    });
    enqueueAfterCommit(
      tx,
      deps.queues.orders,
      EXPIRE_JOB,
      { orderNo: created.orderNo },
      { jobId: expireJobId(created.orderNo), delay: created.expiresAt.getTime() - Date.now() },
      deps.logger,
    );
    return created;
  }).catch(async (error: unknown) => {
    // the same requestId submitted twice at once: the unique index let one through; answer with that one
    if (error instanceof Error && error.name === 'SequelizeUniqueConstraintError') {
      const winner = await Order.findOne({ where: { memberId, requestId: input.requestId } });
      if (winner) return winner;
    }
    throw error;
  });
  deps.metrics.businessEvents.inc({ event: 'order_placed', outcome: 'ok' });
  return toOrderView(order, (await linesOf([order.id])).get(order.id) ?? []);
}
