import type { Middleware } from 'koa';
import multer from 'multer';
import { DomainError, ValidationError } from '../../platform/errors';

export interface UploadedSheet {
  originalname: string;
  buffer: Buffer;
}

export const MAX_SHEET_BYTES = 2 * 1024 * 1024;
export const MAX_SHEET_ROWS = 5000;

// @koa/multer has no type declarations; its factory takes multer's options and gives Koa middleware
// eslint-disable-next-line @typescript-eslint/no-require-imports
const koaMulter = require('@koa/multer') as (options: multer.Options) => { single(field: string): Middleware };
const upload = koaMulter({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_SHEET_BYTES, files: 1, fields: 10 },
}).single('file');

/** Receives one multipart `file` into ctx.state.sheet; a refused upload (too big, wrong field) is a 400, not a 500. */
export const receiveSheet: Middleware = async (ctx, next) => {
  if (!ctx.is('multipart/form-data')) throw new ValidationError('Send the sheet as multipart/form-data', 'file');
  try {
    await upload(ctx, async () => undefined);
  } catch (error) {
    if (error instanceof multer.MulterError) throw new ValidationError(`file: ${error.message}`, error.field ?? 'file');
    throw error;
  }
  const file = (ctx as { file?: UploadedSheet }).file;
  if (!file) throw new ValidationError('file is required', 'file');
  ctx.state.sheet = file;
  await next();
};

export type SheetFormat = 'csv' | 'xlsx';

/** xlsx is a zip (PK\x03\x04); everything else is read as CSV text. */
export function sheetFormat(file: UploadedSheet): SheetFormat {
  const isZip = file.buffer.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  return isZip || /\.xlsx$/i.test(file.originalname) ? 'xlsx' : 'csv';
}

/** Rows of cell texts, the header first. Row i of the result is row i + 1 of the sheet. */
export async function readSheet(file: UploadedSheet, format: SheetFormat): Promise<string[][]> {
  try {
    if (format === 'csv') {
      const { parse } = await import('csv-parse/sync'); // loaded on use, not at boot
      return parse(file.buffer, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
    }
    const { default: ExcelJS } = await import('exceljs'); // loaded on use: a large share of boot time otherwise
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.buffer as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    if (!sheet) return [];
    const rows: string[][] = [];
    for (let r = 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const cells: string[] = [];
      for (let c = 1; c <= Math.max(row.cellCount, 1); c++) cells.push(row.getCell(c).text ?? '');
      rows.push(cells);
    }
    return rows;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new DomainError('SHEET_UNREADABLE', `The ${format} file could not be read: ${why}`, 400, 'file');
  }
}
