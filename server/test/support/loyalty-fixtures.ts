import type { OrderStatus } from '@mall/shared';
import { withTx } from '../../src/platform/db/database';
import { transitionOrderByNo } from '../../src/modules/orders';
import { createProduct, placeOrder } from './fixtures';
import type { TestApp } from './test-app';

export async function waitFor<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Places and pays an order of exactly `priceFen` through the WeChat Pay sandbox (a verified notify). */
export async function payOrderOf(app: TestApp, token: string, priceFen: number) {
  const product = await createProduct(app, { priceFen });
  const order = await placeOrder(app, token, product.skus[0].id);
  const prepay = await app.http('POST', '/api/payments/wechat/prepay', { token, body: { orderNo: order.orderNo } });
  const prepayId = String(prepay.body.package).slice('prepay_id='.length);
  await app.http('POST', '/sandbox/wechatpay/confirm', { body: { prepayId } });
  await waitFor(async () => (await app.http('GET', `/api/orders/${order.orderNo}`, { token })).body.status === 'paid');
  const [row] = await app.query('SELECT id FROM orders WHERE order_no = ?', [order.orderNo]);
  return { orderNo: order.orderNo, orderId: Number(row.id) };
}

/** Drives order statuses the product has no flow for yet (shipping, receipt, refunds), one transaction each. */
export async function moveOrder(app: TestApp, orderNo: string, ...steps: OrderStatus[]) {
  for (const to of steps) {
    await withTx(app.services.sequelize, async (tx) => {
      await transitionOrderByNo(app.services, tx, orderNo, to, { actor: 'test' });
    });
  }
}

/** Has the listener finished handling the event published under this key? */
export async function isDelivered(app: TestApp, listener: string, eventName: string, key: string) {
  const job = await app.services.queues.events.getJob(`${listener}:${eventName}:${key}`);
  return !!job && (await job.isCompleted());
}

/** Members whose ledger sums or lot remainders differ from their balances: always none. */
export async function ledgerMismatches(app: TestApp) {
  return app.query(`
    SELECT a.member_id, a.available_points, a.frozen_points, l.available, l.frozen, t.active, t.frozen_lots
    FROM loyalty_accounts a
    LEFT JOIN (SELECT member_id, SUM(delta) AS available, SUM(frozen_delta) AS frozen
               FROM points_ledger GROUP BY member_id) l ON l.member_id = a.member_id
    LEFT JOIN (SELECT member_id, SUM(CASE WHEN state = 'active' THEN remaining ELSE 0 END) AS active,
                      SUM(CASE WHEN state = 'frozen' THEN remaining ELSE 0 END) AS frozen_lots
               FROM points_lots GROUP BY member_id) t ON t.member_id = a.member_id
    WHERE a.available_points <> COALESCE(l.available, 0) OR a.frozen_points <> COALESCE(l.frozen, 0)
       OR a.available_points <> COALESCE(t.active, 0) OR a.frozen_points <> COALESCE(t.frozen_lots, 0)`);
}
