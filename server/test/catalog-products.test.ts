import { startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
let token: string;
beforeAll(async () => {
  app = await startTestApp();
  token = await app.adminToken();
});
afterAll(() => app.stop());

const rowCounts = async () => {
  const tables = ['products', 'skus', 'categories', 'banners', 'product_status_history', 'admin_audit_logs'];
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = Number((await app.query(`SELECT COUNT(*) AS n FROM ${t}`))[0].n);
  return counts;
};

const DIMENSIONS = [
  { name: '规格', values: ['500g', '1kg'] },
  { name: '口味', values: ['原味', '巧克力'] },
];
const skusFor = (prices: Record<string, number>) =>
  Object.entries(prices).map(([combo, priceFen]) => {
    const [size, flavour] = combo.split('/');
    return { specs: { 规格: size, 口味: flavour }, priceFen, stock: 10 };
  });

const productBody = (overrides: Record<string, unknown> = {}) => ({
  name: '蛋白粉',
  subtitle: '高蛋白',
  coverUrl: '/media/products/protein.svg',
  origin: '新西兰',
  ingredients: '乳清蛋白',
  efficacy: '补充蛋白质',
  description: '<p>好<script>alert(1)</script></p>',
  shareText: '一起来买蛋白粉',
  specDimensions: DIMENSIONS,
  skus: skusFor({ '500g/原味': 9900, '500g/巧克力': 9900, '1kg/原味': 16900, '1kg/巧克力': 16900 }),
  ...overrides,
});

describe('products', () => {
  test('SKUs are the cartesian product of the spec dimensions; the description is stored sanitized', async () => {
    const res = await app.http('POST', '/api/admin/products', { token, body: productBody() });
    expect(res.status).toBe(201);
    expect(res.body.skus.map((s: { specs: object }) => s.specs)).toEqual([
      { 规格: '500g', 口味: '原味' },
      { 规格: '500g', 口味: '巧克力' },
      { 规格: '1kg', 口味: '原味' },
      { 规格: '1kg', 口味: '巧克力' },
    ]);
    expect(res.body).toMatchObject({ status: 'draft', priceFen: 9900, description: '<p>好</p>', origin: '新西兰' });
  });

  test('a missing combination, an unknown value or a duplicate is a 400 naming the SKU, and nothing is written', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ skus: skusFor({ '500g/原味': 1, '500g/巧克力': 1, '1kg/原味': 1 }) }, 'skus'],
      [{ skus: skusFor({ '500g/原味': 1, '500g/巧克力': 1, '1kg/原味': 1, '2kg/巧克力': 1 }) }, 'skus.3.specs'],
      [
        {
          skus: skusFor({ '500g/原味': 1, '500g/巧克力': 1, '1kg/原味': 1, '1kg/巧克力': 1 }).concat(
            skusFor({ '1kg/原味': 2 }),
          ),
        },
        'skus.4.specs',
      ],
      [{ specDimensions: [{ name: '规格', values: ['a', 'a'] }] }, 'specDimensions.0.values'],
      [{ name: '' }, 'name'],
      [{ categoryId: 'x' }, 'categoryId'],
      [{ videoUrl: 5 }, 'videoUrl'],
      [{ coverUrl: 'javascript:alert(1)' }, 'coverUrl'],
      [{ skus: skusFor({ '500g/原味': 1, '500g/巧克力': 1, '1kg/原味': 1, '1kg/巧克力': 0 }) }, 'skus.3.priceFen'],
    ];
    const before = await rowCounts();
    for (const [overrides, field] of cases) {
      const res = await app.http('POST', '/api/admin/products', { token, body: productBody(overrides) });
      expect([field, res.status, res.body.error?.field]).toEqual([field, 400, field]);
    }
    expect(await rowCounts()).toEqual(before);
  });

  test('an update keeps the ids of unchanged combinations, adds new ones and deactivates removed ones', async () => {
    const created = (await app.http('POST', '/api/admin/products', { token, body: productBody() })).body;
    const idOf = (skus: { id: number; specs: Record<string, string> }[], size: string, flavour: string) =>
      skus.find((s) => s.specs.规格 === size && s.specs.口味 === flavour)?.id;

    // 巧克力 removed, 抹茶 added, dimensions listed in the other order, a price changed
    const updated = await app.http('PUT', `/api/admin/products/${created.id}`, {
      token,
      body: productBody({
        specDimensions: [
          { name: '口味', values: ['抹茶', '原味'] },
          { name: '规格', values: ['1kg', '500g'] },
        ],
        skus: [
          { specs: { 口味: '原味', 规格: '500g' }, priceFen: 9500 },
          { specs: { 口味: '原味', 规格: '1kg' }, priceFen: 16900 },
          { specs: { 口味: '抹茶', 规格: '500g' }, priceFen: 9900, stock: 7 },
          { specs: { 口味: '抹茶', 规格: '1kg' }, priceFen: 16900, stock: 3 },
        ],
      }),
    });
    expect(updated.status).toBe(200);
    const skus = updated.body.skus as {
      id: number;
      specs: Record<string, string>;
      isActive: boolean;
      priceFen: number;
      stock: number;
    }[];
    expect(idOf(skus, '500g', '原味')).toBe(idOf(created.skus, '500g', '原味'));
    expect(idOf(skus, '1kg', '原味')).toBe(idOf(created.skus, '1kg', '原味'));
    expect(skus.find((s) => s.id === idOf(created.skus, '500g', '原味'))).toMatchObject({ priceFen: 9500, stock: 10 });
    expect(
      skus
        .filter((s) => !s.isActive)
        .map((s) => s.id)
        .sort(),
    ).toEqual([idOf(created.skus, '500g', '巧克力'), idOf(created.skus, '1kg', '巧克力')].sort());
    expect(
      skus
        .filter((s) => s.isActive && s.specs.口味 === '抹茶')
        .map((s) => s.stock)
        .sort(),
    ).toEqual([3, 7]);
    expect(await app.query('SELECT COUNT(*) AS n FROM skus WHERE product_id = ?', [created.id])).toEqual([{ n: 6 }]);

    // a returning combination gets its old SKU back
    const back = await app.http('PUT', `/api/admin/products/${created.id}`, { token, body: productBody() });
    expect(
      idOf(
        back.body.skus.filter((s: { isActive: boolean }) => s.isActive),
        '1kg',
        '巧克力',
      ),
    ).toBe(idOf(created.skus, '1kg', '巧克力'));
  });

  test('SKU codes are unique across products and may be swapped between SKUs of one product', async () => {
    const coded = (codes: string[]) =>
      productBody({
        specDimensions: [{ name: '规格', values: ['S', 'L'] }],
        skus: [
          { specs: { 规格: 'S' }, priceFen: 100, skuCode: codes[0] },
          { specs: { 规格: 'L' }, priceFen: 200, skuCode: codes[1] },
        ],
      });
    const first = await app.http('POST', '/api/admin/products', { token, body: coded(['CODE-S', 'CODE-L']) });
    expect(first.status).toBe(201);
    const clash = await app.http('POST', '/api/admin/products', { token, body: coded(['CODE-S', 'OTHER']) });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({ code: 'SKU_CODE_TAKEN', field: 'skus' });
    const swapped = await app.http('PUT', `/api/admin/products/${first.body.id}`, {
      token,
      body: coded(['CODE-L', 'CODE-S']),
    });
    expect(swapped.body.skus.map((s: { skuCode: string }) => s.skuCode)).toEqual(['CODE-L', 'CODE-S']);
  });

  test('the member detail shows only active SKUs', async () => {
    const created = (await app.http('POST', '/api/admin/products', { token, body: productBody({ status: 'on_sale' }) }))
      .body;
    await app.http('PUT', `/api/admin/products/${created.id}`, {
      token,
      body: productBody({
        specDimensions: [
          { name: '规格', values: ['500g'] },
          { name: '口味', values: ['原味'] },
        ],
        skus: skusFor({ '500g/原味': 100 }),
      }),
    });
    const detail = await app.http('GET', `/api/products/${created.id}`);
    expect(detail.body.skus).toHaveLength(1);
    expect(detail.body.specDimensions).toEqual([
      { name: '规格', values: ['500g'] },
      { name: '口味', values: ['原味'] },
    ]);
  });
});

describe('copy check', () => {
  test('forbidden words are refused with 422 COPY_FORBIDDEN_WORDS naming the words and the field, and nothing is written', async () => {
    const before = await rowCounts();
    const res = await app.http('POST', '/api/admin/products', {
      token,
      body: productBody({ efficacy: '根治失眠，无副作用', shareText: '分享躺赚' }),
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'COPY_FORBIDDEN_WORDS', field: 'efficacy' });
    expect(res.body.error.message).toContain('根治');
    expect(res.body.error.message).toContain('无副作用');
    expect(res.body.error.message).toContain('shareText: 躺赚');
    expect(await rowCounts()).toEqual(before);
  });

  test('a forbidden word hidden in the description markup is found, and an update is refused too', async () => {
    const created = (await app.http('POST', '/api/admin/products', { token, body: productBody() })).body;
    const res = await app.http('PUT', `/api/admin/products/${created.id}`, {
      token,
      body: productBody({ name: '新名字', description: '<p>药到<b>病除</b></p>' }),
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'COPY_FORBIDDEN_WORDS', field: 'description' });
    const [row] = await app.query('SELECT name FROM products WHERE id = ?', [created.id]);
    expect(row.name).toBe('蛋白粉');
  });
});

describe('category tree', () => {
  const create = (body: object) => app.http('POST', '/api/admin/categories', { token, body });

  test('categories form a tree in sort order; deleting a parent or a category with products is refused', async () => {
    const root = (await create({ name: '保健', sortOrder: 2 })).body;
    const first = (await create({ name: '美妆', sortOrder: 1 })).body;
    const child = (await create({ name: '维生素', parentId: root.id, iconUrl: '/media/icons/v.png' })).body;
    const tree = (await app.http('GET', '/api/categories')).body;
    expect(tree.map((c: { name: string }) => c.name)).toEqual(['美妆', '保健']);
    expect(tree[1].children).toEqual([
      { id: child.id, parentId: root.id, name: '维生素', iconUrl: '/media/icons/v.png', sortOrder: 0, children: [] },
    ]);

    const parentDelete = await app.http('DELETE', `/api/admin/categories/${root.id}`, { token });
    expect(parentDelete.status).toBe(409);
    expect(parentDelete.body.error.code).toBe('CATEGORY_NOT_EMPTY');

    await app.http('POST', '/api/admin/products', { token, body: productBody({ categoryId: child.id }) });
    const withProducts = await app.http('DELETE', `/api/admin/categories/${child.id}`, { token });
    expect(withProducts.status).toBe(409);
    expect(withProducts.body.error.code).toBe('CATEGORY_NOT_EMPTY');

    expect((await app.http('DELETE', `/api/admin/categories/${first.id}`, { token })).status).toBe(204);
  });

  test('a category cannot move under itself or its descendants, nor nest deeper than three levels', async () => {
    const a = (await create({ name: 'A' })).body;
    const b = (await create({ name: 'B', parentId: a.id })).body;
    const c = (await create({ name: 'C', parentId: b.id })).body;
    for (const parentId of [a.id, c.id]) {
      const res = await app.http('PUT', `/api/admin/categories/${a.id}`, { token, body: { name: 'A', parentId } });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'CATEGORY_CYCLE', field: 'parentId' });
    }
    const tooDeep = await create({ name: 'D', parentId: c.id });
    expect(tooDeep.body.error).toMatchObject({ code: 'CATEGORY_TOO_DEEP', field: 'parentId' });
    const moved = await app.http('PUT', `/api/admin/categories/${c.id}`, {
      token,
      body: { name: 'C', parentId: a.id },
    });
    expect(moved.body).toMatchObject({ parentId: a.id });
  });
});

describe('bad input on the catalog admin routes', () => {
  test.each([
    ['category without a name', 'POST', '/api/admin/categories', { parentId: null }, 'name'],
    ['category with a fractional sort', 'POST', '/api/admin/categories', { name: 'x', sortOrder: 1.5 }, 'sortOrder'],
    ['category with a script icon', 'POST', '/api/admin/categories', { name: 'x', iconUrl: 'javascript:x' }, 'iconUrl'],
    ['banner without an image', 'POST', '/api/admin/banners', { title: 'x' }, 'imageUrl'],
    [
      'banner ending before it starts',
      'POST',
      '/api/admin/banners',
      { imageUrl: '/a.png', startsAt: '2030-01-02T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' },
      'endsAt',
    ],
    ['batch without ids', 'POST', '/api/admin/products/batch-status', { status: 'on_sale' }, 'ids'],
    [
      'batch with a duplicate id',
      'POST',
      '/api/admin/products/batch-status',
      { ids: [1, 1], status: 'on_sale' },
      'ids',
    ],
    [
      'batch to a status only a schedule sets',
      'POST',
      '/api/admin/products/batch-status',
      { ids: [1], status: 'scheduled' },
      'status',
    ],
    ['manual status that needs a time', 'POST', '/api/admin/products/1/status', { status: 'pre_sale' }, 'status'],
    ['schedule with a malformed time', 'PUT', '/api/admin/products/1/schedule', { onSaleAt: '12:00' }, 'onSaleAt'],
    ['update without SKUs', 'PUT', '/api/admin/products/1', { name: 'x', coverUrl: '/a.png', skus: [] }, 'skus'],
  ])('%s: 400 with the field, nothing written', async (_name, method, path, body, field) => {
    const before = await rowCounts();
    const res = await app.http(method, path, { token, body });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field });
    expect(await rowCounts()).toEqual(before);
  });
});
