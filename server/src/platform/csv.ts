/**
 * One CSV cell (RFC 4180 quoting). Text a spreadsheet would run as a formula (a leading =, +, -, @, tab or carriage
 * return) gets a leading ' (CSV injection); numbers are written as they are; null is an empty cell.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as a CSV file's text: a UTF-8 byte-order mark (Excel reads Chinese right with it), CRLF line ends. */
export function csvText(rows: readonly (readonly (string | number | null)[])[]): string {
  return `\ufeff${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
