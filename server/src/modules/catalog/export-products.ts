import type { ProductStatus } from '@mall/shared';
import { Category, Product } from './catalog.model';
import { buildProductWhere, skusByProduct } from './catalog.queries';
import { csvText } from '../../platform/csv';

export interface ExportFilter {
  status?: ProductStatus;
  categoryId?: number;
  keyword?: string;
  format: 'xlsx' | 'csv';
}

const COLUMNS = [
  ['productId', '商品ID'],
  ['name', '商品名称'],
  ['category', '分类'],
  ['status', '状态'],
  ['skuId', 'SKU ID'],
  ['skuCode', 'SKU编码'],
  ['specs', '规格'],
  ['priceFen', '价格(分)'],
  ['stock', '库存'],
  ['skuActive', 'SKU启用'],
] as const;
type Row = Record<(typeof COLUMNS)[number][0], string | number>;

/** Rows are capped so one export cannot hold the api for long; narrow the filter for more. */
export const MAX_EXPORT_PRODUCTS = 5_000;

async function exportRows(filter: ExportFilter): Promise<Row[]> {
  const products = await Product.findAll({
    where: await buildProductWhere({ ...filter, statuses: filter.status ? [filter.status] : undefined }),
    order: [['id', 'ASC']],
    limit: MAX_EXPORT_PRODUCTS,
  });
  const categories = new Map((await Category.findAll()).map((c) => [c.id, c.name]));
  const skus = await skusByProduct(products.map((p) => p.id));
  return products.flatMap((p) =>
    (skus.get(p.id) ?? []).map((s) => ({
      productId: p.id,
      name: p.name,
      category: p.categoryId ? (categories.get(p.categoryId) ?? '') : '',
      status: p.status,
      skuId: s.id,
      skuCode: s.skuCode ?? '',
      specs: Object.entries(JSON.parse(s.specsJson) as Record<string, string>)
        .map(([k, v]) => `${k}:${v}`)
        .join(' '),
      priceFen: s.priceFen,
      stock: s.stock,
      skuActive: s.isActive ? 'Y' : 'N',
    })),
  );
}

export async function exportProducts(
  filter: ExportFilter,
): Promise<{ body: Buffer; contentType: string; fileName: string }> {
  const rows = await exportRows(filter);
  const stamp = new Date().toISOString().slice(0, 10);
  if (filter.format === 'csv') {
    const lines = [COLUMNS.map(([, label]) => label), ...rows.map((r) => COLUMNS.map(([key]) => r[key]))];
    // BOM so Excel opens the UTF-8 Chinese text correctly
    const text = csvText(lines);
    return {
      body: Buffer.from(text, 'utf8'),
      contentType: 'text/csv; charset=utf-8',
      fileName: `products-${stamp}.csv`,
    };
  }
  const { default: ExcelJS } = await import('exceljs'); // loaded on use: a large share of boot time otherwise
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('商品');
  sheet.columns = COLUMNS.map(([key, header]) => ({ key, header, width: key === 'name' ? 30 : 14 }));
  for (const row of rows) sheet.addRow(row);
  return {
    body: Buffer.from(await workbook.xlsx.writeBuffer()),
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    fileName: `products-${stamp}.xlsx`,
  };
}
