import { placeOrder } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
let token: string;
beforeAll(async () => {
  app = await startTestApp({ MEDIA_MAX_IMAGE_BYTES: '4096' });
  token = await app.adminToken();
});
afterAll(() => app.stop());

async function product(
  name: string,
  options: { categoryId?: number; priceFen: number; subtitle?: string; status?: string },
) {
  const res = await app.http('POST', '/api/admin/products', {
    token,
    body: {
      name,
      subtitle: options.subtitle ?? '',
      categoryId: options.categoryId ?? null,
      coverUrl: '/media/products/protein.svg',
      status: options.status ?? 'on_sale',
      skus: [
        { specs: { 规格: '小' }, priceFen: options.priceFen, stock: 5 },
        { specs: { 规格: '大' }, priceFen: options.priceFen * 2, stock: 1 },
      ],
    },
  });
  expect(res.status).toBe(201);
  return res.body.id as number;
}

describe('member product list', () => {
  let parent: number;
  let child: number;
  let ids: Record<string, number>;
  beforeAll(async () => {
    parent = (await app.http('POST', '/api/admin/categories', { token, body: { name: '食品' } })).body.id;
    child = (await app.http('POST', '/api/admin/categories', { token, body: { name: '零食', parentId: parent } })).body
      .id;
    ids = {
      cheap: await product('列表 饼干', { categoryId: child, priceFen: 1000 }),
      dear: await product('列表 燕窝', { categoryId: parent, priceFen: 50000, subtitle: '滋补佳品' }),
      other: await product('列表 牙刷', { priceFen: 3000 }),
      hidden: await product('列表 草稿', { categoryId: child, priceFen: 2000, status: 'draft' }),
    };
    await app.query('UPDATE products SET sales_count = 50 WHERE id = ?', [ids.other]);
    await app.query('UPDATE products SET sales_count = 10 WHERE id = ?', [ids.dear]);
  });
  const names = async (query: string) =>
    (
      (await app.http('GET', `/api/products?keyword=${encodeURIComponent('列表')}&${query}`)).body.items as {
        id: number;
      }[]
    ).map((p) => Object.entries(ids).find(([, id]) => id === p.id)?.[0]);

  test('a category filter includes its descendants; drafts never show', async () => {
    expect(await names(`categoryId=${parent}&sort=price_asc`)).toEqual(['cheap', 'dear']);
    expect(await names(`categoryId=${child}`)).toEqual(['cheap']);
  });

  test('sorts: price ascending and descending on the lowest SKU price, sales, newest', async () => {
    expect(await names('sort=price_asc')).toEqual(['cheap', 'other', 'dear']);
    expect(await names('sort=price_desc')).toEqual(['dear', 'other', 'cheap']);
    expect(await names('sort=sales')).toEqual(['other', 'dear', 'cheap']);
    expect(await names('sort=newest')).toEqual(['other', 'dear', 'cheap']);
  });

  test('a price range in fen and a keyword over name and subtitle', async () => {
    expect(await names('minPriceFen=2000&maxPriceFen=50000&sort=price_asc')).toEqual(['other', 'dear']);
    const bySubtitle = await app.http('GET', `/api/products?keyword=${encodeURIComponent('滋补')}`);
    expect(bySubtitle.body.items.map((p: { id: number }) => p.id)).toEqual([ids.dear]);
    expect(bySubtitle.body.items[0]).toMatchObject({ priceFen: 50000, status: 'on_sale', saleStartsAt: null });
  });

  test('pagination reports the total', async () => {
    const page = await app.http(
      'GET',
      `/api/products?keyword=${encodeURIComponent('列表')}&pageSize=2&page=2&sort=price_asc`,
    );
    expect(page.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page.body.items.map((p: { id: number }) => p.id)).toEqual([ids.dear]);
  });

  test('bad filters are a 400 with the field', async () => {
    for (const [query, field] of [
      ['minPriceFen=-1', 'minPriceFen'],
      ['minPriceFen=500&maxPriceFen=100', 'maxPriceFen'],
      ['sort=cheapest', 'sort'],
    ]) {
      const res = await app.http('GET', `/api/products?${query}`);
      expect([query, res.status, res.body.error.field]).toEqual([query, 400, field]);
    }
  });

  test('a draft product answers 404 to members but is found by admins, with a filter on status', async () => {
    expect((await app.http('GET', `/api/products/${ids.hidden}`)).status).toBe(404);
    const admin = await app.http('GET', `/api/admin/products?status=draft&categoryId=${parent}`, { token });
    expect(admin.body.items.map((p: { id: number }) => p.id)).toEqual([ids.hidden]);
  });

  test('the export lists one row per SKU, as CSV or xlsx', async () => {
    const csv = await app.http('GET', `/api/admin/products/export?format=csv&keyword=${encodeURIComponent('列表')}`, {
      token,
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="products-.*\.csv"/);
    const lines = csv.text
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('商品名称');
    expect(lines).toHaveLength(1 + 4 * 2);
    const xlsx = await app.http('GET', '/api/admin/products/export', { token });
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect(xlsx.text.slice(0, 2)).toBe('PK'); // a zip container
  });
});

// sales counts are kept by inventory's sale step (once per order, tested there with a redelivered order.paid)
test("a paid order counts its units into its products' sales", async () => {
  const id = await product('销量商品', { priceFen: 1200 });
  const skuId = (await app.http('GET', `/api/products/${id}`)).body.skus[0].id;
  const { token: member } = await app.loginMember('sales-buyer');
  const order = await placeOrder(app, member, skuId, 3);
  const prepay = await app.http('POST', '/api/payments/wechat/prepay', {
    token: member,
    body: { orderNo: order.orderNo },
  });
  await app.http('POST', '/sandbox/wechatpay/confirm', { body: { prepayId: prepay.body.package.slice(10) } });
  const salesOf = async () => (await app.query('SELECT sales_count FROM products WHERE id = ?', [id]))[0].sales_count;
  for (let i = 0; i < 100 && (await salesOf()) !== 3; i++) await new Promise((r) => setTimeout(r, 100));
  expect(await salesOf()).toBe(3);
});

describe('media upload', () => {
  const PNG = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from('fake png body'),
  ]);
  const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(64)]);
  async function upload(bytes: Buffer, name: string, withToken = true) {
    const form = new FormData();
    form.append('file', new Blob([bytes]), name);
    const res = await fetch(`${app.url}/api/admin/media`, {
      method: 'POST',
      headers: withToken ? { authorization: `Bearer ${token}` } : {},
      body: form,
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  test('an image is stored under its content hash and served with immutable cache headers', async () => {
    const res = await upload(PNG, 'photo.png');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'image', contentType: 'image/png', bytes: PNG.length });
    expect(res.body.url).toMatch(/^\/media\/uploads\/[0-9a-f]{2}\/[0-9a-f]{64}\.png$/);
    expect((await upload(PNG, 'same-bytes-other-name.png')).body.url).toBe(res.body.url);

    const served = await fetch(`${app.url}${res.body.url}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
  });

  test('an mp4 video is accepted; its type comes from the bytes, not the name', async () => {
    const res = await upload(MP4, 'clip.png');
    expect(res.body).toMatchObject({ kind: 'video', contentType: 'video/mp4' });
    expect(res.body.url).toMatch(/\.mp4$/);
  });

  test('a video is served in byte ranges, as players ask for it', async () => {
    const { url } = (await upload(MP4, 'clip.mp4')).body;
    const part = await fetch(`${app.url}${url}`, { headers: { range: 'bytes=4-11' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 4-11/${MP4.length}`);
    expect(Buffer.from(await part.arrayBuffer()).toString('latin1')).toBe('ftypmp42');
    const beyond = await fetch(`${app.url}${url}`, { headers: { range: `bytes=${MP4.length + 10}-` } });
    expect(beyond.status).toBe(416);
    const cached = await fetch(`${app.url}${url}`, { headers: { 'if-none-match': part.headers.get('etag')! } });
    expect(cached.status).toBe(304);
  });

  test('a file that is not an image or mp4, an image over the limit, or no file at all is refused', async () => {
    const script = await upload(Buffer.from('<script>alert(1)</script>'), 'evil.png');
    expect(script.status).toBe(415);
    expect(script.body.error).toMatchObject({ code: 'MEDIA_TYPE_REFUSED', field: 'file' });
    const big = await upload(Buffer.concat([PNG, Buffer.alloc(5000)]), 'big.png');
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({ code: 'MEDIA_TOO_LARGE', field: 'file' });
    const none = await app.http('POST', '/api/admin/media', { token, body: {} });
    expect(none.status).toBe(400);
    expect(none.body.error.field).toBe('file');
    expect((await upload(PNG, 'x.png', false)).status).toBe(401);
  });

  test('paths that are not content keys are not served from the upload folder', async () => {
    expect((await fetch(`${app.url}/media/uploads/../../etc/passwd`)).status).toBe(404);
    expect((await fetch(`${app.url}/media/uploads/ab/notahash.png`)).status).toBe(404);
  });
});

describe('banners', () => {
  test('members see active banners inside their window, in sort order', async () => {
    const make = (body: object) =>
      app.http('POST', '/api/admin/banners', { token, body: { imageUrl: '/media/b.png', ...body } });
    const second = (await make({ title: '二', sortOrder: 2, linkType: 'product', linkValue: '1' })).body;
    const first = (await make({ title: '一', sortOrder: 1, linkType: 'page', linkValue: '/pages/index/index' })).body;
    await make({ title: '未开始', startsAt: new Date(Date.now() + 3_600_000).toISOString() });
    await make({
      title: '已结束',
      endsAt: new Date(Date.now() - 1_000).toISOString(),
      startsAt: new Date(Date.now() - 60_000).toISOString(),
    });
    await make({ title: '停用', isActive: false });
    const list = await app.http('GET', '/api/banners');
    expect(list.body.map((b: { id: number }) => b.id)).toEqual([first.id, second.id]);

    await app.http('PUT', `/api/admin/banners/${first.id}`, {
      token,
      body: { imageUrl: '/media/b.png', isActive: false },
    });
    expect(await app.http('DELETE', `/api/admin/banners/${second.id}`, { token })).toMatchObject({ status: 204 });
    expect((await app.http('GET', '/api/banners')).body).toEqual([]);
    expect((await app.http('GET', '/api/admin/banners', { token })).body).toHaveLength(4);
  });

  test('a banner title goes through the copy check', async () => {
    const res = await app.http('POST', '/api/admin/banners', {
      token,
      body: { imageUrl: '/media/b.png', title: '国家级躺赚' },
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'COPY_FORBIDDEN_WORDS', field: 'title' });
  });

  test('a banner link must fit its type', async () => {
    const res = await app.http('POST', '/api/admin/banners', {
      token,
      body: { imageUrl: '/media/b.png', linkType: 'page', linkValue: 'javascript:alert(1)' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('linkValue');
  });
});
