/**
 * Alipay's trade bill (bill_type=trade, 业务明细): a zip holding the detail file and its summary (汇总), both GBK
 * CSV. The detail file opens with `#` lines (title, account, dates, a rule), then the header, one line per trade or
 * refund (业务类型 交易 / 退款; ids end in a tab so spreadsheets keep them text; refund amounts are negative), then
 * closing `#` lines with the totals. The column list follows independent parsers of real files (the official page
 * is not public); columns are found by name, so an added column changes nothing.
 */
import { yuanStringToFen } from '@mall/shared';
import { BillUnavailableError, type PlatformBill, type PlatformBillRow } from '../platform-bill';

export const TRADE_BILL_COLUMNS = [
  '支付宝交易号',
  '商户订单号',
  '业务类型',
  '商品名称',
  '创建时间',
  '完成时间',
  '门店编号',
  '门店名称',
  '操作员',
  '终端号',
  '对方账户',
  '订单金额（元）',
  '商家实收（元）',
  '支付宝红包（元）',
  '集分宝（元）',
  '支付宝优惠（元）',
  '商家优惠（元）',
  '券核销金额（元）',
  '券名称',
  '商家红包消费金额（元）',
  '卡消费金额（元）',
  '退款批次号/请求号',
  '服务费（元）',
  '分润（元）',
  '备注',
] as const;

const malformed = (message: string) => new BillUnavailableError('BILL_MALFORMED', message, false);
const cell = (value: string | undefined) => (value ?? '').replace(/\t/g, '').trim();

export function parseAlipayTradeBill(text: string, billDate: string): PlatformBill {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const data = lines.filter((l) => !l.startsWith('#'));
  if (!data.length) return { billDate, rows: [], summary: null };
  const header = data[0].split(',').map(cell);
  const at = (name: string) => {
    const index = header.indexOf(name);
    if (index === -1) throw malformed(`the bill has no column ${name}`);
    return index;
  };
  const col = {
    tradeNo: at('支付宝交易号'),
    outTradeNo: at('商户订单号'),
    type: at('业务类型'),
    finishedAt: at('完成时间'),
    amount: at('订单金额（元）'),
    refundNo: at('退款批次号/请求号'),
  };
  const rows: PlatformBillRow[] = data.slice(1).map((line) => {
    const f = line.split(',').map(cell);
    if (f.length < header.length) throw malformed(`a bill line has ${f.length} fields, the header ${header.length}`);
    let amountFen: number;
    try {
      amountFen = Math.abs(yuanStringToFen(f[col.amount]));
    } catch {
      throw malformed(`订单金额 is not an amount: "${f[col.amount]}"`);
    }
    const isRefund = f[col.type] === '退款';
    return {
      kind: isRefund ? 'refund' : 'payment',
      outTradeNo: f[col.outTradeNo],
      // a refund without its own request number was asked with out_trade_no (Alipay's default)
      refundNo: isRefund ? f[col.refundNo] || f[col.outTradeNo] : null,
      platformId: f[col.tradeNo] || null,
      amountFen,
      status: f[col.type],
      at: f[col.finishedAt],
    };
  });
  // "#交易合计：3笔，..." and "#退款合计：1笔，...": the file's own count
  const counted = lines
    .filter((l) => /^#(交易|退款)合计/.test(l))
    .map((l) => Number(/：\s*(\d+)\s*笔/.exec(l)?.[1] ?? NaN));
  const summary =
    counted.length && counted.every(Number.isSafeInteger) ? { rowCount: counted.reduce((a, b) => a + b, 0) } : null;
  if (summary && summary.rowCount !== rows.length) {
    throw malformed(`the bill counts ${summary.rowCount} trades and refunds, it lists ${rows.length}`);
  }
  return { billDate, rows, summary };
}
