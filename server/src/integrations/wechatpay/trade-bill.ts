/**
 * WeChat Pay v3 trade bill (交易账单), bill_type=ALL: a header line, one line per payment or refund with every field
 * prefixed by a backquote (so spreadsheets keep long numbers as text), a summary header and one summary line.
 * Amounts are yuan strings, converted to fen exactly. Format: pay.weixin.qq.com/docs/merchant/products/
 * bill-download/format-trade.html; a payment and a refund of one order on one day are two rows.
 */
import { createHash } from 'node:crypto';
import { yuanStringToFen } from '@mall/shared';
import { BillUnavailableError, type PlatformBill, type PlatformBillRow } from '../platform-bill';

/** The ALL bill's 27 columns, in order. */
export const TRADE_BILL_ALL_COLUMNS = [
  '交易时间',
  '公众账号ID',
  '商户号',
  '特约商户号',
  '设备号',
  '微信订单号',
  '商户订单号',
  '用户标识',
  '交易类型',
  '交易状态',
  '付款银行',
  '货币种类',
  '应结订单金额',
  '代金券金额',
  '微信退款单号',
  '商户退款单号',
  '退款金额',
  '充值券退款金额',
  '退款类型',
  '退款状态',
  '商品名称',
  '商户数据包',
  '手续费',
  '费率',
  '订单金额',
  '申请退款金额',
  '费率备注',
] as const;

export const TRADE_BILL_SUMMARY_COLUMNS = [
  '总交易单数',
  '应结订单总金额',
  '退款总金额',
  '充值券退款总金额',
  '手续费总金额',
  '订单总金额',
  '申请退款总金额',
] as const;

/** SHA-1 of the uncompressed bill, as hash_value gives it (compared without regard to case). */
export function billSha1(bill: Buffer): string {
  return createHash('sha1').update(bill).digest('hex');
}

const malformed = (message: string) => new BillUnavailableError('BILL_MALFORMED', message, false);

/** A data line: each field starts with a backquote, fields are separated by commas. */
function dataFields(line: string): string[] {
  if (!line.startsWith('`')) throw malformed(`a bill line does not start with a backquote: ${line.slice(0, 40)}`);
  return line.slice(1).split(',`');
}

function fen(value: string | undefined, column: string): number {
  try {
    return Math.abs(yuanStringToFen(value ?? ''));
  } catch {
    throw malformed(`${column} is not an amount: "${value}"`);
  }
}

export function parseWechatTradeBill(text: string, billDate: string): PlatformBill {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  if (!lines.length) return { billDate, rows: [], summary: null };
  const header = lines[0].split(',').map((h) => h.trim());
  const at = (name: string) => {
    const index = header.indexOf(name);
    if (index === -1) throw malformed(`the bill has no column ${name}`);
    return index;
  };
  const col = {
    time: at('交易时间'),
    transactionId: at('微信订单号'),
    outTradeNo: at('商户订单号'),
    state: at('交易状态'),
    settledFen: at('应结订单金额'),
    refundId: at('微信退款单号'),
    refundNo: at('商户退款单号'),
    refundFen: at('退款金额'),
    refundState: at('退款状态'),
    // 订单金额 / 申请退款金额: what was asked, before coupons; older files lack them (then the settled amounts)
    totalFen: header.indexOf('订单金额'),
    askedRefundFen: header.indexOf('申请退款金额'),
  };
  const summaryAt = lines.findIndex((l, i) => i > 0 && l.startsWith('总交易单数'));
  const detail = lines.slice(1, summaryAt === -1 ? undefined : summaryAt);
  const rows: PlatformBillRow[] = detail.map((line) => {
    const f = dataFields(line);
    if (f.length < header.length) throw malformed(`a bill line has ${f.length} fields, the header ${header.length}`);
    const isRefund = f[col.state] === 'REFUND';
    if (isRefund) {
      return {
        kind: 'refund',
        outTradeNo: f[col.outTradeNo],
        refundNo: f[col.refundNo],
        platformId: f[col.refundId] || null,
        amountFen: fen(f[col.askedRefundFen] ?? f[col.refundFen], '申请退款金额'),
        status: f[col.refundState],
        at: f[col.time],
      };
    }
    return {
      kind: 'payment',
      outTradeNo: f[col.outTradeNo],
      refundNo: null,
      platformId: f[col.transactionId] || null,
      amountFen: fen(col.totalFen === -1 ? f[col.settledFen] : f[col.totalFen], '订单金额'),
      status: f[col.state],
      at: f[col.time],
    };
  });
  let summary: PlatformBill['summary'] = null;
  if (summaryAt !== -1 && lines[summaryAt + 1]) {
    const count = Number(dataFields(lines[summaryAt + 1])[0]);
    if (!Number.isSafeInteger(count)) throw malformed('the summary has no row count');
    // not checked against the rows: whether 总交易单数 counts refund rows is not documented
    summary = { rowCount: count };
  }
  return { billDate, rows, summary };
}
