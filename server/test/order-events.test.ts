import type { DomainEvent } from '../src/platform/events/domain-events';
import type { OrderStatusChanged } from '../src/platform/events/domain-events';
import { ADDRESS, createProduct } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';
import { waitFor } from './support/wait';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

let seq = 0;
async function join(inviterCode?: string) {
  const { token, member } = await app.loginMember(`order-events-${process.pid}-${seq++}`, inviterCode);
  return { token, id: member.id as number, code: member.inviteCode as string };
}

/** The order's events as published (the events queue keeps each published fact as a job). */
async function publishedFor(orderNo: string, name: string): Promise<OrderStatusChanged> {
  return waitFor(async () => {
    const jobs = await app.services.queues.events.getJobs(['completed', 'waiting', 'active', 'delayed']);
    const event = jobs
      .map((j) => j.data as DomainEvent<OrderStatusChanged>)
      .find((e) => e.name === name && e.payload?.orderNo === orderNo);
    return event?.payload;
  });
}

test('order events carry the lines, what each line paid, when, and the referrer chain frozen at placement', async () => {
  const grand = await join();
  const referrer = await join(grand.code);
  const buyer = await join(referrer.code);
  const cheap = await createProduct(app, { priceFen: 1000 });
  const dear = await createProduct(app, { priceFen: 2500 });
  const placed = await app.http('POST', '/api/orders', {
    token: buyer.token,
    body: {
      items: [
        { skuId: cheap.skus[0].id, quantity: 3 },
        { skuId: dear.skus[0].id, quantity: 1 },
      ],
      address: ADDRESS,
      requestId: 'order-events-0001',
    },
  });
  expect(placed.status).toBe(201);
  const { orderNo } = placed.body as { orderNo: string };
  expect(await app.query('SELECT referrer_chain FROM orders WHERE order_no = ?', [orderNo])).toEqual([
    { referrer_chain: JSON.stringify([referrer.id, grand.id]) },
  ]);

  const pending = await publishedFor(orderNo, 'order.pending_payment');
  const lineIds = (await app.query('SELECT id FROM order_lines ORDER BY id')).map((r) => r.id as number).slice(-2);
  expect(pending).toMatchObject({ paidFen: 0, paidAt: null, referrerChain: [referrer.id, grand.id] });
  expect(pending.lines).toEqual([
    {
      orderLineId: lineIds[0],
      skuId: cheap.skus[0].id,
      productId: cheap.id,
      quantity: 3,
      unitPriceFen: 1000,
      paidFen: 0,
    },
    {
      orderLineId: lineIds[1],
      skuId: dear.skus[0].id,
      productId: dear.id,
      quantity: 1,
      unitPriceFen: 2500,
      paidFen: 0,
    },
  ]);

  // the buyer is moved under someone else before paying: the order keeps the chain it was placed with
  const other = await join();
  const rebind = await app.http('POST', `/api/admin/members/${buyer.id}/referrer`, {
    token: await app.adminToken(),
    body: { referrerId: other.id, reason: '客服核实' },
  });
  expect(rebind.status).toBe(200);

  const prepay = await app.http('POST', '/api/payments/wechat/prepay', { token: buyer.token, body: { orderNo } });
  const prepayId = String(prepay.body.package).slice('prepay_id='.length);
  await app.http('POST', '/sandbox/wechatpay/confirm', { body: { prepayId } });
  const paid = await publishedFor(orderNo, 'order.paid');
  expect(paid).toMatchObject({
    from: 'pending_payment',
    to: 'paid',
    paidFen: 5500,
    referrerChain: [referrer.id, grand.id],
  });
  expect(paid.paidAt).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
  expect(paid.lines.map((l) => l.paidFen)).toEqual([3000, 2500]);
});

test('a member outside any team places orders with an empty chain', async () => {
  const loner = await join();
  const product = await createProduct(app);
  const res = await app.http('POST', '/api/orders', {
    token: loner.token,
    body: { items: [{ skuId: product.skus[0].id, quantity: 1 }], address: ADDRESS, requestId: 'order-events-0002' },
  });
  expect(res.status).toBe(201);
  expect((await publishedFor(res.body.orderNo, 'order.pending_payment')).referrerChain).toEqual([]);
});
