/**
 * Test controls shared by the payment sandboxes: a day's bill can be made to disagree with what the sandbox
 * processed, in the ways a reconciliation must catch. Rows are named by out_trade_no (payments) or by refund number
 * (out_refund_no / out_request_no).
 */
import type { PlatformBillRow } from './platform-bill';

export type BillTamper =
  /** The row says another amount. */
  | { kind: 'amount'; key: string; amountFen: number }
  /** The row is left out of the bill. */
  | { kind: 'drop'; key: string }
  /** A payment the merchant never made is on the bill. */
  | { kind: 'extra'; outTradeNo: string; amountFen: number }
  /** The row carries another status (as the bill spells it). */
  | { kind: 'status'; key: string; status: string }
  /** WeChat Pay: the file served does not match the hash_value given with its URL. */
  | { kind: 'hash' };

/** The tamper list of a control request, or the reason it is refused. */
export function parseBillTampers(value: unknown): BillTamper[] | string {
  if (!Array.isArray(value)) return 'changes must be a list';
  const out: BillTamper[] = [];
  for (const item of value as Record<string, unknown>[]) {
    const key = typeof item?.key === 'string' ? item.key : '';
    const amountFen = item?.amountFen;
    const isFen = Number.isSafeInteger(amountFen) && (amountFen as number) > 0;
    switch (item?.kind) {
      case 'amount':
        if (!key || !isFen) return 'amount needs key and a positive amountFen';
        out.push({ kind: 'amount', key, amountFen: amountFen as number });
        break;
      case 'drop':
        if (!key) return 'drop needs key';
        out.push({ kind: 'drop', key });
        break;
      case 'extra':
        if (typeof item.outTradeNo !== 'string' || !isFen) return 'extra needs outTradeNo and a positive amountFen';
        out.push({ kind: 'extra', outTradeNo: item.outTradeNo, amountFen: amountFen as number });
        break;
      case 'status':
        if (!key || typeof item.status !== 'string') return 'status needs key and status';
        out.push({ kind: 'status', key, status: item.status });
        break;
      case 'hash':
        out.push({ kind: 'hash' });
        break;
      default:
        return `unknown change kind ${String(item?.kind)}`;
    }
  }
  return out;
}

const keyOf = (row: PlatformBillRow) => (row.kind === 'refund' ? row.refundNo : row.outTradeNo);

/** The rows as the tampered bill shows them; `extraRow` makes the row of a payment the merchant never made. */
export function applyBillTampers<R extends PlatformBillRow>(
  rows: R[],
  tampers: readonly BillTamper[],
  extraRow: (t: { outTradeNo: string; amountFen: number }) => R,
): R[] {
  let out = rows.map((r) => ({ ...r }));
  for (const t of tampers) {
    if (t.kind === 'drop') out = out.filter((r) => keyOf(r) !== t.key);
    if (t.kind === 'amount') out = out.map((r) => (keyOf(r) === t.key ? { ...r, amountFen: t.amountFen } : r));
    if (t.kind === 'status') out = out.map((r) => (keyOf(r) === t.key ? { ...r, status: t.status } : r));
    if (t.kind === 'extra') out.push(extraRow(t));
  }
  return out;
}
