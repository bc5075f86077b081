import http from 'node:http';
import { createProduct } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
let product: Awaited<ReturnType<typeof createProduct>>;
beforeAll(async () => {
  app = await startTestApp();
  product = await createProduct(app, { name: '缓存头商品', priceFen: 5_000 });
  await app.http('POST', '/api/admin/price-rules', {
    token: await app.adminToken(),
    body: { kind: 'level', productId: product.id, levelCode: 'gold', fixedPriceFen: 3_000 },
  });
});
afterAll(() => app.stop());

const list = `/api/products?keyword=${encodeURIComponent('缓存头')}`;

/**
 * A revalidation as a browser or CDN sends it. Not with fetch: by the Fetch standard a request carrying
 * If-None-Match also gets `Cache-Control: no-cache`, which asks for a full answer.
 */
function revalidate(urlPath: string, etag: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${app.url}${urlPath}`, { headers: { 'if-none-match': etag } }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      })
      .on('error', reject);
  });
}

test('a guest list carries an ETag and a short shared Cache-Control; the same ETag answers 304 with no body', async () => {
  const first = await app.http('GET', list);
  expect(first.status).toBe(200);
  expect(first.headers.get('cache-control')).toBe('public, max-age=5');
  expect(first.headers.get('vary')).toMatch(/Authorization/);
  const etag = first.headers.get('etag')!;
  expect(etag).toMatch(/^".+"$/);
  const again = await revalidate(list, etag);
  expect(again.status).toBe(304);
  expect(again.text).toBe('');
  const page = await app.http('GET', `/api/products/${product.id}`);
  expect(page.headers.get('cache-control')).toBe('public, max-age=5');
  const pageAgain = await revalidate(`/api/products/${product.id}`, page.headers.get('etag')!);
  expect(pageAgain.status).toBe(304);
});

test('a member answer is private and never the guest one', async () => {
  const { token, member } = await app.loginMember('caching-gold');
  await app.http('POST', `/api/admin/members/${member.id}/level`, {
    token: await app.adminToken(),
    body: { levelCode: 'gold', reason: '缓存头测试' },
  });
  const guest = await app.http('GET', list);
  const gold = await app.http('GET', list, { token });
  expect(gold.status).toBe(200);
  expect(gold.headers.get('etag')).not.toBe(guest.headers.get('etag')); // a guest's copy never revalidates it
  expect(gold.headers.get('cache-control')).toBe('private, no-store');
  expect(gold.body.items[0].priceFen).toBe(3_000);
  expect(guest.body.items[0].priceFen).toBe(5_000);
  const goldPage = await app.http('GET', `/api/products/${product.id}`, { token });
  expect(goldPage.headers.get('cache-control')).toBe('private, no-store');
  expect(goldPage.body.skus[0].priceFen).toBe(3_000);
});

test('a change through the admin API is answered at once, with a new ETag', async () => {
  const before = await app.http('GET', list);
  const res = await app.http('PUT', `/api/admin/products/${product.id}`, {
    token: await app.adminToken(),
    body: {
      name: '缓存头商品 新名',
      coverUrl: '/media/products/protein.svg',
      skus: [{ specs: { 规格: '500g' }, priceFen: 4_500, stock: 100 }],
    },
  });
  expect(res.status).toBe(200);
  const after = await app.http('GET', list);
  expect(after.body.items[0]).toMatchObject({ name: '缓存头商品 新名', priceFen: 4_500 });
  expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
});

test('stock on a product page is read live: an order lowers it at once', async () => {
  const { token } = await app.loginMember('caching-buyer');
  const before = (await app.http('GET', `/api/products/${product.id}`)).body.skus[0].stock as number;
  const order = await app.http('POST', '/api/orders', {
    token,
    body: {
      items: [{ skuId: product.skus[0].id, quantity: 2 }],
      address: { receiverName: '王芳', phone: '13800138000', region: '浙江省 杭州市 西湖区', detail: '文三路 100 号' },
      requestId: `caching-${Date.now()}`,
    },
  });
  expect(order.status).toBe(201);
  expect((await app.http('GET', `/api/products/${product.id}`)).body.skus[0].stock).toBe(before - 2);
});

test('a kept product page drops its stock when stock moves by any path (an inbound here), with a new ETag', async () => {
  const pagePath = `/api/products/${product.id}`;
  const first = await app.http('GET', pagePath);
  const kept = await app.http('GET', pagePath); // answered from the kept page
  expect(kept.headers.get('etag')).toBe(first.headers.get('etag'));
  const before = first.body.skus[0].stock as number;
  const moved = await app.http('POST', `/api/admin/skus/${product.skus[0].id}/stock-movements`, {
    token: await app.adminToken(),
    body: { kind: 'inbound', quantity: 5, reason: '缓存页测试入库' },
  });
  expect(moved.status).toBeLessThan(300);
  const after = await app.http('GET', pagePath);
  expect(after.body.skus[0].stock).toBe(before + 5);
  expect(after.headers.get('etag')).not.toBe(first.headers.get('etag'));
});
