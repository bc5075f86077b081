import { ADDRESS, createProduct, placeOrder } from './fixtures';
import type { TestApp } from './test-app';

/** A member's unpaid order for `priceFen`. */
export async function unpaidOrder(app: TestApp, openid: string, priceFen = 1234) {
  const product = await createProduct(app, { priceFen, stock: 50 });
  const { token, member } = await app.loginMember(openid);
  const order = await placeOrder(app, token, product.skus[0].id);
  return { token, memberId: member.id as number, order };
}

/** Starts an Alipay mini-program payment; answers the out_trade_no the sandbox knows. */
export async function startAlipay(app: TestApp, token: string, orderNo: string): Promise<string> {
  const res = await app.http('POST', '/api/payments/alipay/pay', {
    token,
    body: { orderNo, mode: 'miniprogram', buyerOpenId: 'alipay-buyer-1' },
  });
  if (res.status !== 200) throw new Error(`alipay pay failed: ${res.status} ${res.text}`);
  return res.body.outTradeNo as string;
}

/** Starts a WeChat Pay prepay; answers the prepay id the sandbox cashier takes. */
export async function startWechat(app: TestApp, token: string, orderNo: string): Promise<string> {
  const res = await app.http('POST', '/api/payments/wechat/prepay', { token, body: { orderNo } });
  if (res.status !== 200) throw new Error(`prepay failed: ${res.status} ${res.text}`);
  return (res.body.package as string).slice('prepay_id='.length);
}

/** An order paid through the sandbox of `channel` (a real signed notification). */
export async function paidOrder(app: TestApp, openid: string, channel: 'wechatpay' | 'alipay', priceFen = 1234) {
  const placed = await unpaidOrder(app, openid, priceFen);
  if (channel === 'wechatpay') {
    const prepayId = await startWechat(app, placed.token, placed.order.orderNo);
    const paid = await app.http('POST', '/sandbox/wechatpay/confirm', { body: { prepayId } });
    if (!paid.body.notified) throw new Error(`wechat sandbox pay failed: ${paid.text}`);
  } else {
    const outTradeNo = await startAlipay(app, placed.token, placed.order.orderNo);
    const paid = await app.http('POST', '/sandbox/alipay/pay', { body: { outTradeNo } });
    if (!paid.body.notified) throw new Error(`alipay sandbox pay failed: ${paid.text}`);
  }
  return placed;
}

export async function orderAndPayment(app: TestApp, orderNo: string, channel: string) {
  const [row] = await app.query(
    `SELECT o.status AS orderStatus, p.status AS paymentStatus, p.refunded_fen AS refundedFen, p.id AS paymentId
       FROM orders o JOIN payments p ON p.order_id = o.id WHERE o.order_no = ? AND p.channel = ?`,
    [orderNo, channel],
  );
  return row as { orderStatus: string; paymentStatus: string; refundedFen: number; paymentId: number };
}

let cartSeq = 0;
/**
 * Places an order of these lines for the member and pays it through the WeChat Pay sandbox (a verified
 * notification); resolves once the order reads paid. Answers the order number and what it charged.
 */
export async function placeAndPay(app: TestApp, token: string, items: { skuId: number; quantity: number }[]) {
  const placed = await app.http('POST', '/api/orders', {
    token,
    body: { items, address: ADDRESS, requestId: `paid-${process.pid}-${cartSeq++}-${Date.now()}` },
  });
  if (placed.status !== 201) throw new Error(`placing failed: ${placed.status} ${placed.text}`);
  const orderNo = placed.body.orderNo as string;
  const prepayId = await startWechat(app, token, orderNo);
  await app.http('POST', '/sandbox/wechatpay/confirm', { body: { prepayId } });
  const deadline = Date.now() + 30_000;
  while ((await app.http('GET', `/api/orders/${orderNo}`, { token })).body.status !== 'paid') {
    if (Date.now() > deadline) throw new Error(`order ${orderNo} never read paid`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { orderNo, paidFen: placed.body.payableFen as number };
}
