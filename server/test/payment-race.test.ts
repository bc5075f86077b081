import { cancelUnpaidOrder } from '../src/modules/orders';
import { queuesDrained, until } from './support/drained';
import { startAlipay, startWechat } from './support/payments';
import { startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

const ORDERS = 1_000;
const CONCURRENCY = 16;

/** Runs `work` over `items` with at most `limit` in flight. */
async function inPool<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

test(`${ORDERS} orders where the payment timeout races the payment each end paid or cancelled-and-refunded`, async () => {
  const members = await Promise.all(Array.from({ length: 10 }, (_, i) => app.loginMember(`racer-${i}`)));
  // bare unpaid orders in bulk (no lines: nothing to reserve or release), then a real payment attempt on each
  const now = new Date();
  const expires = new Date(now.getTime() + 30 * 60_000);
  const orders = Array.from({ length: ORDERS }, (_, i) => ({
    orderNo: `2099${String(i).padStart(16, '0')}`,
    member: members[i % members.length],
    channel: i % 2 === 0 ? ('wechatpay' as const) : ('alipay' as const),
    ref: '',
  }));
  const values = orders.map((o) => [
    o.orderNo,
    o.member.member.id,
    'pending_payment',
    990,
    0,
    990,
    0,
    '{}',
    '',
    `race-${o.orderNo}`,
    expires,
    '[]',
    now,
    now,
  ]);
  await app.query(
    `INSERT INTO orders (order_no, member_id, status, items_fen, shipping_fen, payable_fen, paid_fen, address_json, remark,
       request_id, expires_at, referrer_chain, created_at, updated_at) VALUES ?`,
    [values],
  );
  await inPool(orders, CONCURRENCY, async (o) => {
    o.ref =
      o.channel === 'wechatpay'
        ? await startWechat(app, o.member.token, o.orderNo)
        : await startAlipay(app, o.member.token, o.orderNo);
  });

  const started = Date.now();
  const timeout = (o: (typeof orders)[number]) =>
    cancelUnpaidOrder(app.services, app.services.paymentSettler, o.orderNo, {
      actor: 'system:timeout',
      reason: 'payment timeout',
    }).catch((error: unknown) => {
      // a close refused because the money arrived meanwhile ends in a paid order; anything else is a failure
      if (!/ORDERPAID|TRADE_STATUS_ERROR/.test(String(error))) throw error;
    });
  // the buyer's money lands even on a trade the merchant closed (force): the worst case for the timeout
  const pay = (o: (typeof orders)[number]) =>
    o.channel === 'wechatpay'
      ? app.http('POST', '/sandbox/wechatpay/confirm', { body: { prepayId: o.ref, force: true } })
      : app.http('POST', '/sandbox/alipay/pay', { body: { outTradeNo: o.ref, force: true } });
  await inPool(orders, CONCURRENCY, async (o) => {
    // a third each: both sides fired together; the timeout done before the money lands (a late payment); the
    // money landed before the timeout runs
    const turn = Number(o.orderNo.slice(-4)) % 3;
    if (turn === 0) await Promise.all([timeout(o), pay(o)]);
    else if (turn === 1) await timeout(o).then(() => pay(o));
    else await pay(o).then(() => timeout(o));
  });
  const racedMs = Date.now() - started;
  // the work is done when the platforms have no notification left to send (a refused one is retried) and the
  // queues and outbox are empty
  const sandboxesQuiet = async () => {
    const [wechat, alipay] = await Promise.all([
      app.http('GET', '/sandbox/wechatpay/notifications/pending'),
      app.http('GET', '/sandbox/alipay/notifications/pending'),
    ]);
    const pending = Number(wechat.body.pending) + Number(alipay.body.pending);
    return pending > 0 ? `${pending} notifications pending` : null;
  };
  await queuesDrained(app.services, { timeoutMs: 300_000 });
  await until(sandboxesQuiet, 60_000);
  await queuesDrained(app.services, { timeoutMs: 300_000 });

  const rows = await app.query<{ orderNo: string; orderStatus: string; paymentStatus: string; refundedFen: number }>(
    `SELECT o.order_no AS orderNo, o.status AS orderStatus, p.status AS paymentStatus, p.refunded_fen AS refundedFen
       FROM orders o JOIN payments p ON p.order_id = o.id WHERE o.order_no LIKE '2099%'`,
  );
  expect(rows).toHaveLength(ORDERS);
  const outcome = (r: (typeof rows)[number]) =>
    r.orderStatus === 'paid' && r.paymentStatus === 'succeeded' && Number(r.refundedFen) === 0
      ? 'paid'
      : r.orderStatus === 'cancelled' && r.paymentStatus === 'refunded' && Number(r.refundedFen) === 990
        ? 'cancelled-and-refunded'
        : `BAD ${r.orderStatus}/${r.paymentStatus}/${r.refundedFen}`;
  const tally: Record<string, number> = {};
  for (const r of rows) tally[outcome(r)] = (tally[outcome(r)] ?? 0) + 1;
  console.log(`race of ${ORDERS} orders in ${racedMs} ms:`, tally);
  const bad = rows.filter((r) => outcome(r).startsWith('BAD'));
  if (bad.length)
    console.log(
      'orders that ended wrong:',
      bad,
      orders.filter((o) => bad.some((b) => b.orderNo === o.orderNo)),
    );
  expect(Object.keys(tally).filter((k) => k.startsWith('BAD'))).toEqual([]);
  const [{ n }] = await app.query(
    "SELECT COUNT(*) AS n FROM refunds WHERE order_no LIKE '2099%' AND status = 'succeeded' AND amount_fen = 990",
  );
  expect(Number(n)).toBe(tally['cancelled-and-refunded'] ?? 0);
}, 900_000);
