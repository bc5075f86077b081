import ExcelJS from 'exceljs';
import { createProduct } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

let app: TestApp;
let admin: string;
let skuA: number;
let skuB: number;
beforeAll(async () => {
  app = await startTestApp();
  admin = await app.adminToken();
  skuA = (await createProduct(app, { stock: 10, name: '蛋白粉' })).skus[0].id;
  skuB = (await createProduct(app, { stock: 5, name: '益生菌' })).skus[0].id;
});
afterAll(() => app.stop());

async function upload(file: { name: string; content: Buffer | string }, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.append('file', new Blob([file.content]), file.name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const res = await fetch(`${app.url}/api/admin/stock-imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}` },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('入库');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const snapshot = async () => ({
  skus: await app.query('SELECT sku_id AS id, stock FROM sku_stocks ORDER BY sku_id'),
  ledger: (await app.query('SELECT COUNT(*) AS n FROM stock_ledger'))[0].n,
});

const BAD_ROWS_REPORT = [
  { row: 3, field: 'quantity', message: expect.any(String) },
  { row: 4, field: 'skuId', message: expect.stringContaining('does not exist') },
  { row: 5, field: 'skuId', message: expect.any(String) },
  { row: 5, field: 'quantity', message: expect.any(String) },
];

test('a CSV with bad rows answers 422 with a report of every bad row and writes nothing', async () => {
  const before = await snapshot();
  const csv = ['skuId,quantity,reason', `${skuA},5,到货`, `${skuB},abc,到货`, '999999,1,', ',-2,'].join('\n');
  const res = await upload({ name: 'inbound.csv', content: csv });
  expect(res.status).toBe(422);
  expect(res.body).toMatchObject({ format: 'csv', applied: false, rowCount: 4, errors: BAD_ROWS_REPORT });
  expect(res.body.error).toMatchObject({ code: 'IMPORT_ROWS_INVALID', field: 'file' });
  expect(await snapshot()).toEqual(before);
});

test('an xlsx with bad rows answers 422 with the same per-row report and writes nothing', async () => {
  const before = await snapshot();
  const file = await xlsx([
    ['skuId', 'quantity', 'reason'],
    [skuA, 5, '到货'],
    [skuB, 'abc', '到货'],
    [999999, 1, ''],
    ['', -2, ''],
  ]);
  const res = await upload({ name: 'inbound.xlsx', content: file });
  expect(res.status).toBe(422);
  expect(res.body).toMatchObject({ format: 'xlsx', applied: false, errors: BAD_ROWS_REPORT });
  expect(await snapshot()).toEqual(before);
});

test('a missing column is reported on the header row', async () => {
  const res = await upload({ name: 'x.csv', content: `sku,qty\n${skuA},1` });
  expect(res.status).toBe(422);
  expect(res.body.errors).toEqual([
    { row: 1, field: 'header', message: 'missing column(s): skuId (or skuCode), quantity' },
  ]);
});

test('rows that together exceed a SKU’s cap are refused row by row', async () => {
  await app.http('PUT', `/api/admin/skus/${skuB}/stock-settings`, {
    token: admin,
    body: { lowStockThreshold: null, stockCap: 12 },
  });
  const before = await snapshot();
  const res = await upload({ name: 'cap.csv', content: `skuId,quantity\n${skuB},4\n${skuB},4` });
  expect(res.status).toBe(422);
  expect(res.body.errors).toEqual([{ row: 3, field: 'quantity', message: expect.stringContaining('cap 12') }]);
  expect(await snapshot()).toEqual(before);
});

test('a dry run validates a good sheet and writes nothing', async () => {
  const before = await snapshot();
  const res = await upload({ name: 'ok.csv', content: `skuId,quantity\n${skuA},3` }, { dryRun: 'true' });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ dryRun: true, applied: false, errors: [], totalQuantity: 3 });
  expect(await snapshot()).toEqual(before);
});

test('a good xlsx is applied in one go, and the same file again imports nothing new', async () => {
  const file = await xlsx([
    ['SkuId', 'Quantity', 'Reason'],
    [skuA, 20, '采购单 PO-7'],
    [skuB, 2, '退货入库'],
  ]);
  const first = await upload({ name: 'good.xlsx', content: file });
  expect(first.status).toBe(201);
  expect(first.body).toMatchObject({ applied: true, duplicate: false, rowCount: 2, totalQuantity: 22 });
  const stock = await app.query('SELECT sku_id AS id, stock FROM sku_stocks WHERE sku_id IN (?, ?) ORDER BY sku_id', [
    skuA,
    skuB,
  ]);
  expect(stock).toEqual([
    { id: skuA, stock: 30 },
    { id: skuB, stock: 7 },
  ]);
  const rows = await app.query(
    "SELECT sku_id, quantity, reason, operator, ref FROM stock_ledger WHERE ref LIKE 'import:%' ORDER BY id",
  );
  expect(rows).toEqual([
    {
      sku_id: skuA,
      quantity: 20,
      reason: '采购单 PO-7',
      operator: 'admin:admin',
      ref: `import:${first.body.batchRef}#2`,
    },
    { sku_id: skuB, quantity: 2, reason: '退货入库', operator: 'admin:admin', ref: `import:${first.body.batchRef}#3` },
  ]);

  const again = await upload({ name: 'good-copy.xlsx', content: file });
  expect(again.body).toMatchObject({ applied: true, duplicate: true });
  expect((await app.query("SELECT COUNT(*) AS n FROM stock_ledger WHERE ref LIKE 'import:%'"))[0].n).toBe(2);
});

test('rows may name the SKU by its skuCode; an unknown code is reported on its row', async () => {
  const created = await app.http('POST', '/api/admin/products', {
    token: admin,
    body: {
      name: '胶原蛋白',
      coverUrl: '/media/products/protein.svg',
      status: 'on_sale',
      skus: [{ specs: { 规格: '30袋' }, priceFen: 9900, stock: 1, skuCode: 'COL-30' }],
    },
  });
  const skuId = created.body.skus[0].id as number;
  const bad = await upload({ name: 'codes.csv', content: 'skuCode,quantity\nCOL-30,4\nNOPE-1,1' });
  expect(bad.body.errors).toEqual([{ row: 3, field: 'skuCode', message: 'no SKU has the code NOPE-1' }]);
  const good = await upload({ name: 'codes.csv', content: 'skuCode,quantity\nCOL-30,4' });
  expect(good.status).toBe(201);
  expect((await app.query('SELECT stock FROM sku_stocks WHERE sku_id = ?', [skuId]))[0].stock).toBe(5);
});

test('an upload without a file, or not multipart, is a 400', async () => {
  const noFile = await fetch(`${app.url}/api/admin/stock-imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}` },
    body: new FormData(),
  });
  expect(noFile.status).toBe(400);
  const json = await app.http('POST', '/api/admin/stock-imports', { token: admin, body: { skuId: skuA } });
  expect(json.status).toBe(400);
  const garbage = await upload({ name: 'x.xlsx', content: Buffer.from('PK\u0003\u0004 not really a zip') });
  expect([garbage.status, garbage.body.error?.code]).toEqual([400, 'SHEET_UNREADABLE']);
});
