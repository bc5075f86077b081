import { ADDRESS, createProduct } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/** The member's cart: lines priced now, invalid lines shown as such, someone else's lines not found. */
let app: TestApp;
let admin: string;
let me: string;
let other: string;

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.adminToken();
  me = (await app.loginMember('cart-owner')).token;
  other = (await app.loginMember('cart-stranger')).token;
});
afterAll(() => app.stop());

const cart = (token: string) => app.http('GET', '/api/cart', { token });
const add = (token: string, skuId: number, quantity = 1) =>
  app.http('POST', '/api/cart/items', { token, body: { skuId, quantity } });

test('a member adds, changes, selects and removes lines; adding a SKU again adds to its line', async () => {
  const a = await createProduct(app, { name: '购物车A', priceFen: 1_000, stock: 10 });
  const b = await createProduct(app, { name: '购物车B', priceFen: 2_500, stock: 10 });
  const skuA = a.skus[0]!.id;
  const skuB = b.skus[0]!.id;
  expect((await add(me, skuA, 2)).status).toBe(201);
  const added = await add(me, skuB, 1);
  expect(added.body.lines.map((l: { skuId: number }) => l.skuId)).toEqual([skuB, skuA]); // newest first
  const again = await add(me, skuA, 3);
  const lineA = again.body.lines.find((l: { skuId: number }) => l.skuId === skuA);
  expect(lineA).toMatchObject({ quantity: 5, selected: true, state: 'ok', unitPriceFen: 1_000, isBuyable: true });
  expect(again.body).toMatchObject({ selectedQuantity: 6, selectedTotalFen: 5 * 1_000 + 2_500 });

  const changed = await app.http('PUT', `/api/cart/items/${lineA.id}`, {
    token: me,
    body: { quantity: 1, selected: false },
  });
  expect(changed.status).toBe(200);
  expect(changed.body).toMatchObject({ selectedQuantity: 1, selectedTotalFen: 2_500 });

  const none = await app.http('POST', '/api/cart/select', { token: me, body: { selected: false } });
  expect(none.body.selectedQuantity).toBe(0);
  const all = await app.http('POST', '/api/cart/select', { token: me, body: { selected: true } });
  expect(all.body).toMatchObject({ selectedQuantity: 2, selectedTotalFen: 3_500 });

  // checkout from the selected lines: the quote prices them, the order empties them from the cart
  const quote = await app.http('POST', '/api/orders/quote', { token: me, body: { fromCart: true, address: ADDRESS } });
  expect(quote.status).toBe(200);
  expect(quote.body).toMatchObject({ itemsFen: 3_500, payableFen: 3_500, shippingFen: 0 });
  const lineB = all.body.lines.find((l: { skuId: number }) => l.skuId === skuB);
  await app.http('PUT', `/api/cart/items/${lineB.id}`, { token: me, body: { selected: false } });
  const order = await app.http('POST', '/api/orders', {
    token: me,
    body: {
      items: [{ skuId: skuA, quantity: 1 }],
      address: ADDRESS,
      requestId: 'cart-checkout-0001',
      fromCart: true,
      expectedPayableFen: 1_000,
    },
  });
  expect(order.status).toBe(201);
  const left = await cart(me);
  expect(left.body.lines.map((l: { skuId: number }) => l.skuId)).toEqual([skuB]);

  const removed = await app.http('DELETE', `/api/cart/items/${lineB.id}`, { token: me });
  expect(removed.status).toBe(200);
  expect(removed.body.lines).toEqual([]);
});

test("another member's cart lines are not found: not readable, not changeable, not removable", async () => {
  const p = await createProduct(app, { name: '别人的购物车', priceFen: 900 });
  const mine = await add(me, p.skus[0]!.id);
  const lineId = mine.body.lines.find((l: { skuId: number }) => l.skuId === p.skus[0]!.id).id as number;

  expect((await cart(other)).body.lines).toEqual([]);
  const patch = await app.http('PUT', `/api/cart/items/${lineId}`, { token: other, body: { quantity: 9 } });
  expect(patch.status).toBe(404);
  expect(patch.body.error.code).toBe('NOT_FOUND');
  const select = await app.http('POST', '/api/cart/select', { token: other, body: { selected: false, ids: [lineId] } });
  expect(select.status).toBe(404);
  const remove = await app.http('DELETE', `/api/cart/items/${lineId}`, { token: other });
  expect(remove.status).toBe(404);
  // and the line is untouched
  const line = (await cart(me)).body.lines.find((l: { id: number }) => l.id === lineId);
  expect(line).toMatchObject({ quantity: 1, selected: true });
  await app.http('DELETE', `/api/cart/items/${lineId}`, { token: me });
});

test('invalid lines are marked: off sale, out of stock, price changed since added', async () => {
  const offSale = await createProduct(app, { name: '下架商品', priceFen: 1_000, stock: 5 });
  const scarce = await createProduct(app, { name: '紧俏商品', priceFen: 1_000, stock: 2 });
  const repriced = await createProduct(app, { name: '调价商品', priceFen: 1_000, stock: 5 });
  const fine = await createProduct(app, { name: '正常商品', priceFen: 1_000, stock: 5 });
  await add(me, offSale.skus[0]!.id);
  await add(me, scarce.skus[0]!.id, 2);
  await add(me, repriced.skus[0]!.id);
  await add(me, fine.skus[0]!.id);

  // the catalog takes one off sale, another member buys the scarce stock, a special price starts
  const off = await app.http('POST', `/api/admin/products/${offSale.id}/status`, {
    token: admin,
    body: { status: 'off_sale' },
  });
  expect(off.status).toBe(200);
  const buyer = (await app.loginMember('cart-scarce-buyer')).token;
  const bought = await app.http('POST', '/api/orders', {
    token: buyer,
    body: { items: [{ skuId: scarce.skus[0]!.id, quantity: 1 }], address: ADDRESS, requestId: 'cart-scarce-0001' },
  });
  expect(bought.status).toBe(201);
  const special = await app.http('POST', '/api/admin/price-rules', {
    token: admin,
    body: {
      kind: 'special',
      productId: repriced.id,
      discountBps: 2_000,
      startsAt: new Date(Date.now() - 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    },
  });
  expect(special.status).toBe(201);

  const view = (await cart(me)).body;
  const bySku = (id: number) => view.lines.find((l: { skuId: number }) => l.skuId === id);
  expect(bySku(offSale.skus[0]!.id)).toMatchObject({ state: 'off_sale', isBuyable: false });
  expect(bySku(scarce.skus[0]!.id)).toMatchObject({ state: 'out_of_stock', isBuyable: false, stock: 1, quantity: 2 });
  expect(bySku(repriced.skus[0]!.id)).toMatchObject({
    state: 'price_changed',
    isBuyable: true,
    addedPriceFen: 1_000,
    unitPriceFen: 800,
  });
  expect(bySku(fine.skus[0]!.id)).toMatchObject({ state: 'ok', isBuyable: true });
  // the selected total counts only what can be bought, at today's prices
  expect(view).toMatchObject({ selectedQuantity: 2, selectedTotalFen: 800 + 1_000 });

  // an off-sale SKU cannot be added at all
  const refused = await add(me, offSale.skus[0]!.id);
  expect(refused.status).toBe(409);
  expect(refused.body.error.code).toBe('SKU_UNAVAILABLE');
});
