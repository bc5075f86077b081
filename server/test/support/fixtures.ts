import type { TestApp } from './test-app';

export const ADDRESS = {
  receiverName: '王芳',
  phone: '13800138000',
  region: '浙江省 杭州市 西湖区',
  detail: '文三路 100 号',
};

/** Creates an on-sale product through the admin API and returns it. */
export async function createProduct(
  app: TestApp,
  overrides: { stock?: number; priceFen?: number; name?: string } = {},
) {
  const res = await app.http('POST', '/api/admin/products', {
    token: await app.adminToken(),
    body: {
      name: overrides.name ?? '测试商品',
      coverUrl: '/media/products/protein.svg',
      status: 'on_sale',
      skus: [{ specs: { 规格: '500g' }, priceFen: overrides.priceFen ?? 1990, stock: overrides.stock ?? 100 }],
    },
  });
  if (res.status !== 201) throw new Error(`create product failed: ${res.status} ${res.text}`);
  return res.body as { id: number; skus: { id: number; priceFen: number; stock: number }[] };
}

let seq = 0;
export async function placeOrder(app: TestApp, token: string, skuId: number, quantity = 1) {
  const res = await app.http('POST', '/api/orders', {
    token,
    body: {
      items: [{ skuId, quantity }],
      address: ADDRESS,
      requestId: `req-${Date.now()}-${seq++}-${Math.random().toString(36).slice(2)}`,
    },
  });
  if (res.status !== 201) throw new Error(`place order failed: ${res.status} ${res.text}`);
  return res.body as { orderNo: string; payableFen: number; status: string };
}
