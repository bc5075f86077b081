import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { fenToYuanString } from '@mall/shared';
import type { ReportFormat } from '@mall/shared/admin';
import type { ReportTable } from './report-tables';
import { csvCell } from '../../platform/csv';

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Writes and waits for the stream to take it (backpressure: a large export never piles up in memory). */
async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

async function close(out: WriteStream): Promise<void> {
  out.end();
  await once(out, 'finish');
}

async function writeCsv(table: ReportTable, file: string): Promise<number> {
  const out = createWriteStream(file);
  // BOM so Excel opens the UTF-8 Chinese headers correctly
  await write(out, `\ufeff${table.columns.map((c) => csvCell(c.header)).join(',')}\r\n`);
  let count = 0;
  for await (const row of table.rows) {
    await write(out, `${table.columns.map((c) => csvCell(row[c.key] ?? null)).join(',')}\r\n`);
    count += 1;
  }
  await close(out);
  return count;
}

async function writeXlsx(table: ReportTable, file: string): Promise<number> {
  const { default: ExcelJS } = await import('exceljs'); // loaded on use: a large share of boot time otherwise
  // the streaming writer commits each row to the file: memory stays flat however long the export
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(table.title);
  sheet.columns = table.columns.map((c) => ({ key: c.key, header: c.header, width: c.key === 'at' ? 26 : 18 }));
  let count = 0;
  for await (const row of table.rows) {
    sheet.addRow(row).commit();
    count += 1;
  }
  sheet.commit();
  await workbook.commit();
  return count;
}

/** A page to print (A4 landscape): amounts in yuan, the headers repeated on every printed page. */
async function writeHtml(table: ReportTable, file: string, subtitle: string): Promise<number> {
  const out = createWriteStream(file);
  await write(
    out,
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(table.title)}</title>` +
      '<style>@page{size:A4 landscape;margin:12mm}body{font:12px/1.4 "Noto Sans CJK SC",sans-serif;color:#111}' +
      'h1{font-size:18px;margin:0 0 4px}p{margin:0 0 12px;color:#555}table{border-collapse:collapse;width:100%}' +
      'th,td{border:1px solid #999;padding:3px 6px;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}' +
      'thead{display:table-header-group}tr{page-break-inside:avoid}th{background:#eee}</style></head><body>' +
      `<h1>${escapeHtml(table.title)}</h1><p>${escapeHtml(subtitle)}</p><table><thead><tr>` +
      table.columns.map((c) => `<th>${escapeHtml(c.fen ? c.header.replace('(分)', '(元)') : c.header)}</th>`).join('') +
      '</tr></thead><tbody>\n',
  );
  let count = 0;
  for await (const row of table.rows) {
    const cells = table.columns.map((c) => {
      const v = row[c.key] ?? null;
      if (c.fen && typeof v === 'number') return `<td class="n">${fenToYuanString(v)}</td>`;
      return `<td${typeof v === 'number' ? ' class="n"' : ''}>${v === null ? '' : escapeHtml(String(v))}</td>`;
    });
    await write(out, `<tr>${cells.join('')}</tr>\n`);
    count += 1;
  }
  await write(out, '</tbody></table></body></html>\n');
  await close(out);
  return count;
}

/** Writes the table to `file` in the format; answers how many rows it wrote. */
export function writeTable(format: ReportFormat, table: ReportTable, file: string, subtitle: string): Promise<number> {
  switch (format) {
    case 'csv':
      return writeCsv(table, file);
    case 'xlsx':
      return writeXlsx(table, file);
    case 'html':
      return writeHtml(table, file, subtitle);
  }
}
