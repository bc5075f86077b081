import { createProduct } from './support/fixtures';
import { queuesDrained } from './support/drained';
import { moveOrder, waitFor } from './support/loyalty-fixtures';
import { placeAndPay } from './support/payments';
import { waitForTeamFigures } from './support/team';
import { startTestApp, type TestApp } from './support/test-app';
import { sweepExchanges } from '../src/flows/exchange-reship';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

let seq = 0;
/** Places one order of several lines and pays it through the WeChat Pay sandbox (a verified notification). */
const paidOrder = (token: string, items: { skuId: number; quantity: number }[]) => placeAndPay(app, token, items);

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
async function uploadPhoto(token: string, bytes: Buffer = PNG, name = 'photo.png') {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  const res = await fetch(`${app.url}/api/aftersales/photos`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  type Answer = { url: string; contentType: string; bytes: number; error: { code: string; field: string } };
  return { status: res.status, body: (await res.json()) as Answer };
}

const apply = (token: string, body: object) => app.http('POST', '/api/aftersales', { token, body });
const adminPost = async (path: string, body: object = {}) =>
  app.http('POST', `/api/admin/aftersales${path}`, { token: await app.adminToken(), body });
const mine = async (token: string, no: string) => (await app.http('GET', `/api/aftersales/${no}`, { token })).body;

async function settled(token: string, no: string, status: string) {
  await queuesDrained(app.services, { timeoutMs: 60_000 });
  return waitFor(async () => {
    const view = await mine(token, no);
    return view.status === status ? view : undefined;
  }, 30_000);
}

test('a received order with one line refunded: points, level spend, team sales and promotion figures equal a recomputation', async () => {
  const [cheap, dear] = [await createProduct(app, { priceFen: 3_000 }), await createProduct(app, { priceFen: 5_000 })];
  const referrer = await app.loginMember('as-referrer');
  const buyer = await app.loginMember('as-buyer', referrer.member.inviteCode);
  const { orderNo, paidFen } = await paidOrder(buyer.token, [
    { skuId: cheap.skus[0].id, quantity: 1 },
    { skuId: dear.skus[0].id, quantity: 1 },
  ]);
  expect(paidFen).toBe(8_000);
  await moveOrder(app, orderNo, 'shipped', 'received');

  const photo = await uploadPhoto(buyer.token);
  const asked = await apply(buyer.token, {
    orderNo,
    skuId: cheap.skus[0].id,
    kind: 'refund_only',
    quantity: 1,
    reason: 'damaged',
    description: '外包装破损',
    photoUrls: [photo.body.url],
  });
  expect(asked.status).toBe(201);
  expect(asked.body).toMatchObject({ status: 'requested', refundFen: 3_000, kind: 'refund_only' });
  const approved = await adminPost(`/${asked.body.aftersaleNo}/approve`, { note: '同意退款' });
  expect(approved.status).toBe(200);
  expect(approved.body.status).toBe('refunding');
  const refunded = await settled(buyer.token, asked.body.aftersaleNo, 'refunded');
  expect(refunded.log.map((l: { toStatus: string }) => l.toStatus)).toEqual(['requested', 'refunding', 'refunded']);

  await moveOrder(app, orderNo, 'completed');
  await queuesDrained(app.services, { timeoutMs: 60_000 });
  await waitForTeamFigures(app);

  // recomputed from the orders: paid 8,000, refunded 3,000, kept 5,000
  const keptFen = 5_000;
  const [order] = await app.query('SELECT id, status FROM orders WHERE order_no = ?', [orderNo]);
  expect(order.status).toBe('completed');
  const [ledger] = await app.query('SELECT SUM(refund_fen) AS fen FROM order_line_refunds WHERE order_id = ?', [
    order.id,
  ]);
  expect(Number(ledger.fen)).toBe(paidFen - keptFen);

  const points = (await app.http('GET', '/api/loyalty/points', { token: buyer.token })).body;
  const [level] = await app.query(
    'SELECT l.points_multiplier_bps AS bps FROM loyalty_accounts a JOIN member_levels l ON l.code = a.level_code WHERE a.member_id = ?',
    [buyer.member.id],
  );
  const pointsLedger = (await app.http('GET', '/api/loyalty/points/ledger?pageSize=100', { token: buyer.token })).body
    .items as { kind: string; delta: number }[];
  const joinPoints = pointsLedger.filter((e) => e.kind === 'referral_join').reduce((a, e) => a + e.delta, 0);
  // the welcome points, plus the points of what was kept at the member's level: floor(fen × bps / 1,000,000)
  expect(points).toMatchObject({
    availablePoints: joinPoints + Math.floor((keptFen * Number(level.bps)) / 1_000_000),
    frozenPoints: 0,
  });
  const [spend] = await app.query('SELECT SUM(amount_fen) AS fen FROM member_spend_entries WHERE member_id = ?', [
    buyer.member.id,
  ]);
  expect(Number(spend.fen)).toBe(keptFen);
  const [buyerNode] = await app.query('SELECT own_sales_fen, own_order_count FROM team_nodes WHERE member_id = ?', [
    buyer.member.id,
  ]);
  expect({ sales: Number(buyerNode.own_sales_fen), orders: Number(buyerNode.own_order_count) }).toEqual({
    sales: keptFen,
    orders: 1,
  });
  const [referrerNode] = await app.query('SELECT team_sales_fen FROM team_nodes WHERE member_id = ?', [
    referrer.member.id,
  ]);
  expect(Number(referrerNode.team_sales_fen)).toBe(keptFen);
  const stats = (await app.http('GET', '/api/sharing/stats', { token: referrer.token })).body;
  expect(stats.today).toMatchObject({ paidOrders: 1, paidFen: 8_000, refundedOrders: 0, refundedFen: 3_000 });
});

test('20 members’ worth of clicks: claims never exceed the line, refunds never exceed what was paid', async () => {
  const product = await createProduct(app, { priceFen: 1_001, stock: 50 });
  const buyer = await app.loginMember('as-race');
  const { orderNo, paidFen } = await paidOrder(buyer.token, [{ skuId: product.skus[0].id, quantity: 3 }]);
  await moveOrder(app, orderNo, 'shipped');

  const body = { orderNo, skuId: product.skus[0].id, kind: 'refund_only', quantity: 1, reason: 'quality' };
  const answers = await Promise.all(Array.from({ length: 20 }, () => apply(buyer.token, body)));
  const accepted = answers.filter((a) => a.status === 201);
  expect(accepted).toHaveLength(3);
  expect(
    answers.filter((a) => a.status === 409).every((a) => a.body.error.code === 'AFTERSALE_QUANTITY_EXCEEDED'),
  ).toBe(true);
  // the units share the line's 3,003 fen exactly
  expect(accepted.map((a) => a.body.refundFen as number).reduce((x, y) => x + y, 0)).toBe(paidFen);

  const nos = accepted.map((a) => a.body.aftersaleNo as string);
  const approvals = await Promise.all(
    Array.from({ length: 20 }, (_, i) => adminPost(`/${nos[i % nos.length]}/approve`, { note: `click ${i}` })),
  );
  expect(approvals.every((a) => a.status === 200)).toBe(true);
  for (const no of nos) await settled(buyer.token, no, 'refunded');

  const [order] = await app.query('SELECT id, status FROM orders WHERE order_no = ?', [orderNo]);
  expect(order.status).toBe('refunded');
  const [ledger] = await app.query(
    'SELECT SUM(refund_fen) AS fen, COUNT(DISTINCT refund_no) AS refunds FROM order_line_refunds WHERE order_id = ?',
    [order.id],
  );
  expect({ fen: Number(ledger.fen), refunds: Number(ledger.refunds) }).toEqual({ fen: paidFen, refunds: 3 });
  const [payments] = await app.query('SELECT SUM(refunded_fen) AS fen FROM payments WHERE order_id = ?', [order.id]);
  expect(Number(payments.fen)).toBe(paidFen);
});

test('a return: approved, sent back, received into stock, refunded; each step logged with its actor', async () => {
  const product = await createProduct(app, { priceFen: 2_000, stock: 10 });
  const buyer = await app.loginMember('as-return');
  const { orderNo } = await paidOrder(buyer.token, [{ skuId: product.skus[0].id, quantity: 2 }]);
  await moveOrder(app, orderNo, 'shipped', 'received');
  const asked = await apply(buyer.token, {
    orderNo,
    skuId: product.skus[0].id,
    kind: 'return_refund',
    quantity: 1,
    reason: 'wrong_item',
  });
  expect(asked.status).toBe(201);
  const no = asked.body.aftersaleNo as string;

  const early = await app.http('POST', `/api/aftersales/${no}/return-parcel`, {
    token: buyer.token,
    body: { carrier: 'SF', trackingNo: 'SF1234567890' },
  });
  expect(early.status).toBe(409); // not approved yet: nothing to send

  expect((await adminPost(`/${no}/assign`)).body.handler).toBe('admin');
  const approved = await adminPost(`/${no}/approve`);
  expect(approved.body).toMatchObject({ status: 'awaiting_return', returnAddress: expect.stringContaining('退货') });
  expect((await mine(buyer.token, no)).returnAddress).toEqual(expect.stringContaining('退货'));
  const sent = await app.http('POST', `/api/aftersales/${no}/return-parcel`, {
    token: buyer.token,
    body: { carrier: 'SF', trackingNo: 'SF1234567890' },
  });
  expect(sent.body).toMatchObject({ status: 'return_shipped', returnTrackingNo: 'SF1234567890' });

  const [before] = await app.query('SELECT stock, sold FROM sku_stocks WHERE sku_id = ?', [product.skus[0].id]);
  const received = await adminPost(`/${no}/receive`, { restock: true });
  expect(received.body.status).toBe('refunding');
  const [after] = await app.query('SELECT stock, sold FROM sku_stocks WHERE sku_id = ?', [product.skus[0].id]);
  expect({ stock: Number(after.stock), sold: Number(after.sold) }).toEqual({
    stock: Number(before.stock) + 1,
    sold: Number(before.sold) - 1,
  });
  const done = await settled(buyer.token, no, 'refunded');
  expect(done.log.map((l: { actor: string; toStatus: string }) => `${l.toStatus} ${l.actor}`)).toEqual([
    `requested member:${buyer.member.id}`,
    'requested admin:admin', // the assignment
    'awaiting_return admin:admin',
    `return_shipped member:${buyer.member.id}`,
    'return_received admin:admin',
    'refunding admin:admin',
    'refunded system:refund',
  ]);
  const audit = await app.query('SELECT action FROM admin_audit_logs WHERE target_id = ? ORDER BY id', [no]);
  expect(audit.map((a: { action: string }) => a.action)).toEqual([
    'aftersales.assign',
    'aftersales.approve',
    'aftersales.receive',
  ]);
});

/** An exchange of one unit, approved, sent back and received (not restocked): ready for its replacement. */
async function receivedExchange(name: string) {
  const product = await createProduct(app, { priceFen: 2_000, stock: 10 });
  const buyer = await app.loginMember(name);
  const { orderNo } = await paidOrder(buyer.token, [{ skuId: product.skus[0].id, quantity: 1 }]);
  await moveOrder(app, orderNo, 'shipped');
  const asked = await apply(buyer.token, {
    orderNo,
    skuId: product.skus[0].id,
    kind: 'exchange',
    quantity: 1,
    reason: 'quality',
  });
  expect(asked.body).toMatchObject({ refundFen: 0, status: 'requested' });
  const no = asked.body.aftersaleNo as string;
  await adminPost(`/${no}/approve`);
  await app.http('POST', `/api/aftersales/${no}/return-parcel`, {
    token: buyer.token,
    body: { carrier: 'YTO', trackingNo: `YT${seq++}${Date.now()}`.slice(0, 20) },
  });
  expect((await adminPost(`/${no}/receive`, { restock: false })).body.status).toBe('return_received');
  return { buyer, orderNo, no, skuId: product.skus[0].id as number };
}
const reshipTracking = () => `YT9${process.pid}${Date.now().toString().slice(-6)}${seq++}`.slice(0, 30);

test('an exchange’s replacement is a tracked parcel of the order; delivered + the window completes it, with no money moved', async () => {
  const { buyer, orderNo, no, skuId } = await receivedExchange('as-exchange');
  const [stockBefore] = await app.query('SELECT stock, sold FROM sku_stocks WHERE sku_id = ?', [skuId]);

  const unknown = await adminPost(`/${no}/reship`, { carrierCode: 'nosuch', trackingNo: reshipTracking() });
  expect(unknown.status).toBe(400);
  expect(unknown.body.error).toMatchObject({ code: 'UNKNOWN_CARRIER', field: 'carrierCode' });
  const trackingNo = reshipTracking();
  const reshipped = await adminPost(`/${no}/reship`, { carrierCode: 'yuantong', trackingNo });
  expect(reshipped.status).toBe(200);
  expect(reshipped.body).toMatchObject({
    status: 'reshipped',
    reshipCarrierCode: 'yuantong',
    reshipTrackingNo: trackingNo,
  });
  // the same parcel again changes nothing; another parcel for a reshipped exchange is refused
  expect((await adminPost(`/${no}/reship`, { carrierCode: 'yuantong', trackingNo })).body.status).toBe('reshipped');
  const other = await adminPost(`/${no}/reship`, { carrierCode: 'yuantong', trackingNo: reshipTracking() });
  expect(other.status).toBe(409);
  expect(other.body.error.code).toBe('AFTERSALE_NOT_RESHIPPABLE');

  // the replacement left stock once and counts as sold once more
  const [stockAfter] = await app.query('SELECT stock, sold FROM sku_stocks WHERE sku_id = ?', [skuId]);
  expect({ stock: Number(stockAfter.stock), sold: Number(stockAfter.sold) }).toEqual({
    stock: Number(stockBefore.stock) - 1,
    sold: Number(stockBefore.sold) + 1,
  });

  // polled like any parcel, to delivered; shown on the order's logistics, naming the request
  await queuesDrained(app.services, { timeoutMs: 60_000 });
  const logistics = (await app.http('GET', `/api/orders/${orderNo}/logistics`, { token: buyer.token })).body;
  const parcel = logistics.shipments.find((s: { aftersaleNo: string | null }) => s.aftersaleNo === no);
  expect(parcel).toMatchObject({ trackingNo, status: 'delivered', lines: [{ quantity: 1 }] });
  // the order itself was moved to shipped without a parcel here: the replacement does not count as shipping its line
  expect(logistics.fullyShipped).toBe(false);
  const [{ n: parcels }] = await app.query(
    'SELECT COUNT(*) AS n FROM shipments WHERE aftersale_no = ? AND carrier_code = ?',
    [no, 'yuantong'],
  );
  expect(Number(parcels)).toBe(1);

  // the delivery scheduled the completion at delivered + 7 days; not due yet
  const job = await app.services.queues.orders.getJob(`exchange-complete:${no}`);
  expect(job).not.toBeNull();
  expect(job!.opts.delay).toBeGreaterThan(6 * 86_400_000);
  expect(await sweepExchanges(app.services)).toBe(0);
  expect((await mine(buyer.token, no)).status).toBe('reshipped');
  const later = new Date(Date.now() + 8 * 86_400_000);
  expect(await sweepExchanges(app.services, later)).toBeGreaterThanOrEqual(1);
  const done = await mine(buyer.token, no);
  expect(done.status).toBe('completed');
  expect(done.log.at(-1)).toMatchObject({
    fromStatus: 'reshipped',
    toStatus: 'completed',
    actor: 'system:exchange-auto-complete',
  });
  await job!.remove();

  const [refunds] = await app.query(
    'SELECT COUNT(*) AS n FROM order_line_refunds r JOIN orders o ON o.id = r.order_id WHERE o.order_no = ?',
    [orderNo],
  );
  expect(Number(refunds.n)).toBe(0);
});

test('the member confirms the replacement: the exchange completes once, only for its owner, only once sent', async () => {
  const { buyer, no } = await receivedExchange('as-exchange-confirm');
  const stranger = await app.loginMember('as-exchange-stranger');
  const confirm = (token: string) => app.http('POST', `/api/aftersales/${no}/confirm-receipt`, { token });

  const early = await confirm(buyer.token);
  expect(early.status).toBe(409);
  expect(early.body.error.code).toBe('AFTERSALE_NOT_RESHIPPED');
  await adminPost(`/${no}/reship`, { carrierCode: 'zhongtong', trackingNo: reshipTracking() });

  expect((await confirm(stranger.token)).status).toBe(404);
  const confirmed = await confirm(buyer.token);
  expect(confirmed.status).toBe(200);
  expect(confirmed.body.status).toBe('completed');
  const again = await confirm(buyer.token);
  expect(again.status).toBe(200);
  expect(again.body.log.filter((l: { toStatus: string }) => l.toStatus === 'completed')).toHaveLength(1);
  expect(confirmed.body.log.at(-1).actor).toBe(`member:${buyer.member.id}`);
  await queuesDrained(app.services, { timeoutMs: 60_000 }); // the parcel's polls end; nothing reopens it
  expect((await mine(buyer.token, no)).status).toBe('completed');
});

test('photos: a member uploads images within the limits and attaches only their own', async () => {
  const product = await createProduct(app, { priceFen: 1_200 });
  const owner = await app.loginMember('as-photo-owner');
  const other = await app.loginMember('as-photo-other');
  const { orderNo } = await paidOrder(owner.token, [{ skuId: product.skus[0].id, quantity: 1 }]);
  const theirs = await paidOrder(other.token, [{ skuId: product.skus[0].id, quantity: 1 }]);

  const uploaded = await uploadPhoto(owner.token);
  expect(uploaded.status).toBe(201);
  expect(uploaded.body).toMatchObject({
    url: expect.stringMatching(/^\/media\/uploads\/[0-9a-f]{2}\/[0-9a-f]{64}\.png$/),
  });
  expect(uploaded.body).toMatchObject({ contentType: 'image/png', bytes: PNG.length });
  const served = await fetch(`${app.url}${uploaded.body.url}`);
  expect(served.status).toBe(200);
  expect(served.headers.get('content-type')).toBe('image/png');
  expect((await uploadPhoto(owner.token)).status).toBe(201); // the same file again: the same photo

  // refused: not an image (whatever its name says), too large, not multipart, not signed in
  const text = await uploadPhoto(owner.token, Buffer.from('not an image at all'), 'x.png');
  expect(text.status).toBe(415);
  expect(text.body.error).toMatchObject({ code: 'PHOTO_TYPE_REFUSED', field: 'file' });
  const huge = await uploadPhoto(owner.token, Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]));
  expect(huge.status).toBe(413);
  expect(huge.body.error.field).toBe('file');
  expect((await app.http('POST', '/api/aftersales/photos', { token: owner.token, body: {} })).status).toBe(400);
  expect((await app.http('POST', '/api/aftersales/photos', { body: {} })).status).toBe(401);

  const body = { orderNo, skuId: product.skus[0].id, kind: 'refund_only', quantity: 1, reason: 'damaged' };
  const withPhoto = await apply(owner.token, { ...body, photoUrls: [uploaded.body.url] });
  expect(withPhoto.status).toBe(201);
  expect(withPhoto.body.photoUrls).toEqual([uploaded.body.url]);

  // another member cannot attach it, nor anything from outside the shop; nothing is written
  const copied = await apply(other.token, { ...body, orderNo: theirs.orderNo, photoUrls: [uploaded.body.url] });
  expect(copied.status).toBe(400);
  expect(copied.body.error).toMatchObject({ code: 'AFTERSALE_PHOTO_NOT_OWNED', field: 'photoUrls.0' });
  const outside = await apply(other.token, {
    ...body,
    orderNo: theirs.orderNo,
    photoUrls: ['https://example.com/a.jpg'],
  });
  expect(outside.status).toBe(400);
  expect(JSON.stringify(outside.body)).toContain('photoUrls');
  const [{ n }] = await app.query('SELECT COUNT(*) AS n FROM aftersale_requests WHERE order_no = ?', [theirs.orderNo]);
  expect(Number(n)).toBe(0);
});

test('rules: another member’s order and requests are not found; unshipped orders are refunded only; bad input names its field', async () => {
  const product = await createProduct(app, { priceFen: 1_500 });
  const owner = await app.loginMember('as-owner');
  const other = await app.loginMember('as-other');
  const { orderNo } = await paidOrder(owner.token, [{ skuId: product.skus[0].id, quantity: 1 }]);
  const body = { orderNo, skuId: product.skus[0].id, kind: 'refund_only', quantity: 1, reason: 'changed_mind' };

  expect((await apply(other.token, body)).status).toBe(404);
  const notShipped = await apply(owner.token, { ...body, kind: 'return_refund' });
  expect(notShipped.status).toBe(409);
  expect(notShipped.body.error.code).toBe('AFTERSALE_NOT_SHIPPED');
  const bad = await apply(owner.token, { ...body, quantity: 0 });
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body)).toContain('quantity');

  const asked = await apply(owner.token, body);
  const no = asked.body.aftersaleNo as string;
  expect((await app.http('GET', `/api/aftersales/${no}`, { token: other.token })).status).toBe(404);
  expect((await app.http('POST', `/api/aftersales/${no}/withdraw`, { token: other.token })).status).toBe(404);
  expect((await app.http('GET', '/api/aftersales', { token: other.token })).body.total).toBe(0);
  const withdrawn = await app.http('POST', `/api/aftersales/${no}/withdraw`, { token: owner.token });
  expect(withdrawn.body.status).toBe('withdrawn');
  // a withdrawn request frees its units
  expect((await apply(owner.token, body)).status).toBe(201);

  const rejectedTwice = await adminPost(`/${no}/reject`, { reason: '已撤销的申请' });
  expect(rejectedTwice.status).toBe(409);
  expect(rejectedTwice.body.error.code).toBe('ILLEGAL_TRANSITION');
});

test('a refund the bank closes marks the request refund_failed; a retry sends a new refund that completes', async () => {
  const product = await createProduct(app, { priceFen: 2_500 });
  const buyer = await app.loginMember('as-closed');
  const { orderNo } = await paidOrder(buyer.token, [{ skuId: product.skus[0].id, quantity: 1 }]);
  const asked = await apply(buyer.token, {
    orderNo,
    skuId: product.skus[0].id,
    kind: 'refund_only',
    quantity: 1,
    reason: 'changed_mind',
  });
  const no = asked.body.aftersaleNo as string;
  await app.http('POST', '/sandbox/wechatpay/control', { body: { refundCloseOnce: true } });
  expect((await adminPost(`/${no}/approve`)).body.status).toBe('refunding');
  const failed = await settled(buyer.token, no, 'refund_failed');
  expect(failed.log.at(-1)).toMatchObject({ toStatus: 'refund_failed', actor: 'system:refund' });

  const retried = await adminPost(`/${no}/retry-refund`);
  expect(retried.body.status).toBe('refunding');
  expect((await adminPost(`/${no}/retry-refund`)).status).toBe(409); // a double click sends nothing twice
  await settled(buyer.token, no, 'refunded');
  const [order] = await app.query('SELECT status FROM orders WHERE order_no = ?', [orderNo]);
  expect(order.status).toBe('refunded');
  const refunds = await app.query('SELECT status FROM refunds WHERE order_no = ? ORDER BY id', [orderNo]);
  expect(refunds.map((r: { status: string }) => r.status)).toEqual(['closed', 'succeeded']);
});
