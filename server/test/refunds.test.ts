import { requestRefund } from '../src/modules/payments';
import { queuesDrained } from './support/drained';
import { orderAndPayment, paidOrder, startAlipay, startWechat, unpaidOrder } from './support/payments';
import { startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

const CHANNELS = ['wechatpay', 'alipay'] as const;

async function refundsOf(orderNo: string) {
  return app.query<{ refund_no: string; status: string; amount_fen: number; attempts: number; business_key: string }>(
    'SELECT refund_no, status, amount_fen, attempts, business_key FROM refunds WHERE order_no = ? ORDER BY id',
    [orderNo],
  );
}

describe.each(CHANNELS)('%s refunds', (channel) => {
  test('a refund retried after a simulated timeout reuses its refund number and refunds once', async () => {
    const { order } = await paidOrder(app, `timeout-${channel}`, channel, 3000);
    await app.http('POST', `/sandbox/${channel}/control`, { body: { refundTimeoutOnce: true } });
    const receipt = await requestRefund(app.services, {
      businessKey: `test:timeout-${channel}`,
      orderNo: order.orderNo,
      amountFen: 1000,
      reason: '测试退款',
      actor: 'test',
    });
    await queuesDrained(app.services);
    const [refund] = await refundsOf(order.orderNo);
    expect(refund).toMatchObject({ refund_no: receipt.refundNo, status: 'succeeded', amount_fen: 1000 });
    // the first answer was lost; the platform was asked again with the same number (by the HTTP client's own
    // retry or by the job's) and refunded once
    const seen = await app.http('GET', `/sandbox/${channel}/refunds/${receipt.refundNo}`);
    expect(seen.body.calls).toBeGreaterThanOrEqual(2);
    expect(await refundsOf(order.orderNo)).toHaveLength(1);
    // the platform refunded once: asking again with the same number changes nothing there either
    expect((await orderAndPayment(app, order.orderNo, channel)).refundedFen).toBe(1000);
    const again = await requestRefund(app.services, {
      businessKey: `test:timeout-${channel}`,
      orderNo: order.orderNo,
      amountFen: 1000,
      reason: '测试退款',
      actor: 'test',
    });
    expect(again).toMatchObject({ refundNo: receipt.refundNo, created: false });
    const [event] = await app.query(
      "SELECT payload FROM event_outbox WHERE name = 'refund.succeeded' AND event_key = ?",
      [receipt.refundNo],
    );
    expect(JSON.parse(event.payload)).toMatchObject({ orderNo: order.orderNo, refundFen: 1000, channel });
  });

  test('20 concurrent refund requests never refund more than was paid', async () => {
    const { order } = await paidOrder(app, `concurrent-refunds-${channel}`, channel, 1000);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        requestRefund(app.services, {
          businessKey: `test:c-${channel}-${i}`,
          orderNo: order.orderNo,
          amountFen: 300,
          reason: '并发退款',
          actor: 'test',
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    for (const r of results.filter((x) => x.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'REFUND_EXCEEDS_PAID' });
    }
    await queuesDrained(app.services);
    const refunds = await refundsOf(order.orderNo);
    expect(refunds.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect((await orderAndPayment(app, order.orderNo, channel)).refundedFen).toBe(900);
  });

  test('a payment that lands on a cancelled order is refunded by itself and listed for admins', async () => {
    const { token, order } = await unpaidOrder(app, `late-${channel}`, 2500);
    const ref =
      channel === 'wechatpay'
        ? await startWechat(app, token, order.orderNo)
        : await startAlipay(app, token, order.orderNo);
    const cancel = await app.http('POST', `/api/orders/${order.orderNo}/cancel`, { token });
    expect(cancel.body.status).toBe('cancelled');
    // the money arrives anyway (the buyer paid a cashier the merchant had closed)
    const paid =
      channel === 'wechatpay'
        ? await app.http('POST', '/sandbox/wechatpay/confirm', { body: { prepayId: ref, force: true } })
        : await app.http('POST', '/sandbox/alipay/pay', { body: { outTradeNo: ref, force: true } });
    expect(paid.body.notified).toBe(true);
    await queuesDrained(app.services);
    expect(await orderAndPayment(app, order.orderNo, channel)).toMatchObject({
      orderStatus: 'cancelled',
      paymentStatus: 'refunded',
      refundedFen: 2500,
    });
    const [refund] = await refundsOf(order.orderNo);
    expect(refund).toMatchObject({
      status: 'succeeded',
      amount_fen: 2500,
      business_key: expect.stringMatching(/^late-payment:/),
    });
    const admin = await app.adminToken();
    const late = await app.http('GET', `/api/admin/payments?latePayments=true&orderNo=${order.orderNo}`, {
      token: admin,
    });
    expect(late.body.items).toEqual([
      expect.objectContaining({ needsRefund: true, status: 'refunded', refundedFen: 2500 }),
    ]);
    const refunds = await app.http('GET', `/api/admin/refunds?orderNo=${order.orderNo}`, { token: admin });
    expect(refunds.body.items).toEqual([expect.objectContaining({ status: 'succeeded', amountFen: 2500 })]);
  });
});

test('a REFUND.* notification repeated 20 times applies once, and a foreign one changes nothing', async () => {
  const { order } = await paidOrder(app, 'refund-notify', 'wechatpay', 800);
  const receipt = await requestRefund(app.services, {
    businessKey: 'test:notify',
    orderNo: order.orderNo,
    amountFen: 800,
    reason: '整单退款',
    actor: 'test',
  });
  await queuesDrained(app.services);
  const events = await app.query(
    "SELECT COUNT(*) AS n FROM event_outbox WHERE name = 'refund.succeeded' AND event_key = ?",
    [receipt.refundNo],
  );
  expect(Number(events[0].n)).toBe(1);
  expect((await orderAndPayment(app, order.orderNo, 'wechatpay')).paymentStatus).toBe('refunded');
  // more than paid is refused whatever the business key
  await expect(
    requestRefund(app.services, {
      businessKey: 'test:more',
      orderNo: order.orderNo,
      amountFen: 1,
      reason: 'x',
      actor: 'test',
    }),
  ).rejects.toMatchObject({ code: 'REFUND_EXCEEDS_PAID' });
});
