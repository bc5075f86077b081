/**
 * Sandbox warehouse: receives our signed order pushes (checking the signature and timestamp as a real one must),
 * and answers picked → packed → shipped (with a tracking number) by calling our signed callback. In `auto` mode
 * (the quickstart) it does so right after the push; otherwise a test calls POST /sandbox/warehouse/orders/:orderNo/ship.
 * Memory, one process; never in production.
 */
import { randomBytes } from 'node:crypto';
import Router from '@koa/router';
import type { Context } from 'koa';
import type { WarehouseOrder } from './warehouse-client';
import { checkWarehouseSignature, signedHeaders } from './warehouse-signature';

export const WAREHOUSE_SANDBOX_PATH = '/sandbox/warehouse';

export interface WarehouseSandboxOptions {
  secret: string;
  autoShip: boolean;
  carrierCode: string;
  log?: (message: string, extra?: Record<string, unknown>) => void;
}

export function createWarehouseSandboxRouter(opts: WarehouseSandboxOptions): Router {
  const orders = new Map<string, { order: WarehouseOrder; pushes: number; events: string[] }>();
  const router = new Router({ prefix: WAREHOUSE_SANDBOX_PATH });

  const callBack = async (order: WarehouseOrder, event: 'picked' | 'packed' | 'shipped') => {
    const body = JSON.stringify({
      eventId: `${order.orderNo}:${event}`,
      orderNo: order.orderNo,
      event,
      ...(event === 'shipped'
        ? { shipments: [{ carrierCode: opts.carrierCode, trackingNo: `SW${order.orderNo}`.slice(0, 32) }] }
        : {}),
    });
    const response = await fetch(order.callbackUrl, {
      method: 'POST',
      headers: signedHeaders(opts.secret, body),
      body,
      signal: AbortSignal.timeout(10_000),
    });
    return { event, status: response.status, body: await response.text() };
  };
  const ship = async (orderNo: string) => {
    const entry = orders.get(orderNo);
    if (!entry) return null;
    const answers = [];
    for (const event of ['picked', 'packed', 'shipped'] as const) {
      answers.push(await callBack(entry.order, event));
      entry.events.push(event);
    }
    return answers;
  };

  router.post('/orders', (ctx: Context) => {
    const rawBody = (ctx.request as { rawBody?: string }).rawBody ?? '';
    const problem = checkWarehouseSignature(opts.secret, ctx.headers, rawBody);
    if (problem) {
      ctx.status = 401;
      ctx.body = { code: 'SIGNATURE_REFUSED', message: problem };
      return;
    }
    const order = JSON.parse(rawBody) as WarehouseOrder;
    const entry = orders.get(order.orderNo) ?? { order, pushes: 0, events: [] };
    entry.pushes++;
    orders.set(order.orderNo, entry);
    ctx.body = { accepted: true, warehouseOrderId: `WH${randomBytes(4).toString('hex')}` };
    if (opts.autoShip && entry.pushes === 1) {
      setImmediate(() => {
        ship(order.orderNo).catch((error: unknown) =>
          opts.log?.('sandbox warehouse callback failed', { error: String(error) }),
        );
      });
    }
  });

  router.post('/orders/:orderNo/ship', async (ctx) => {
    const answers = await ship(ctx.params.orderNo);
    if (!answers) {
      ctx.status = 404;
      ctx.body = { code: 'NOT_FOUND', message: 'the warehouse never received this order' };
      return;
    }
    ctx.body = { answers };
  });

  router.get('/orders/:orderNo', (ctx) => {
    const entry = orders.get(ctx.params.orderNo);
    if (!entry) {
      ctx.status = 404;
      ctx.body = { code: 'NOT_FOUND', message: 'the warehouse never received this order' };
      return;
    }
    ctx.body = entry;
  });

  return router;
}
