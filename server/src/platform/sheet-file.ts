import { csvText } from './csv';

export type SheetValue = string | number | null;

/** A small table for a synchronous download (a few thousand rows at most; large exports go through reports' job). */
export interface Sheet {
  title: string;
  columns: readonly { key: string; header: string }[];
  rows: readonly Record<string, SheetValue>[];
}

export interface SheetFile {
  body: Buffer;
  contentType: string;
  fileName: string;
  rows: number;
}

/** The sheet as csv (UTF-8 with BOM, the shared CSV cells) or xlsx (exceljs, loaded on use). */
export async function sheetFile(sheet: Sheet, format: 'csv' | 'xlsx', baseName: string): Promise<SheetFile> {
  const cells = (row: Record<string, SheetValue>) => sheet.columns.map((c) => row[c.key] ?? null);
  if (format === 'csv') {
    return {
      body: Buffer.from(csvText([sheet.columns.map((c) => c.header), ...sheet.rows.map(cells)]), 'utf8'),
      contentType: 'text/csv; charset=utf-8',
      fileName: `${baseName}.csv`,
      rows: sheet.rows.length,
    };
  }
  const { default: ExcelJS } = await import('exceljs'); // loaded on use: a large share of boot time otherwise
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet(sheet.title);
  ws.columns = sheet.columns.map((c) => ({ key: c.key, header: c.header, width: Math.max(12, c.header.length * 2) }));
  for (const row of sheet.rows) ws.addRow(row);
  return {
    body: Buffer.from(await workbook.xlsx.writeBuffer()),
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    fileName: `${baseName}.xlsx`,
    rows: sheet.rows.length,
  };
}
