/**
 * The Alipay sandbox's trade bills, made from what it processed: payments by their payment time, refunds by theirs.
 * alipay.data.dataservice.bill.downloadurl.query answers a URL that lives 30 seconds; the file there is a zip of two
 * GBK CSV files, the detail (业务明细) and its summary (业务明细(汇总)), laid out as Alipay's.
 */
import { randomBytes } from 'node:crypto';
import { fenToYuanString } from '@mall/shared';
import type { PlatformBillRow } from '../platform-bill';
import { applyBillTampers, type BillTamper } from '../sandbox-bill-tamper';
import { encodeGbk } from './gbk';
import type { AlipaySandboxLedger } from './sandbox-ledger';
import { TRADE_BILL_COLUMNS } from './trade-bill';
import { writeZip } from './zip';

const URL_LIFETIME_MS = 30_000;
const RULE = '-'.repeat(40);

type Row = PlatformBillRow & { subject: string; buyer: string; createdAt: string };

const chineseTime = (date: string) => `${date.slice(0, 4)}年${date.slice(5, 7)}月${date.slice(8, 10)}日`;
const text = (value: string) => value.replace(/[,\r\n#]/g, ' ');

export function createAlipaySandboxBills(ledger: AlipaySandboxLedger, sellerId: string) {
  const tampers = new Map<string, BillTamper[]>();
  const downloads = new Map<string, { file: Buffer; expiresAt: number }>();

  function rowsOf(billDate: string): Row[] {
    const rows: Row[] = [];
    for (const t of ledger.processed()) {
      const common = { outTradeNo: t.outTradeNo, platformId: t.tradeNo, subject: t.subject, buyer: t.buyerOpenId };
      if (t.gmtPayment?.startsWith(billDate)) {
        rows.push({
          ...common,
          kind: 'payment',
          refundNo: null,
          amountFen: t.totalFen,
          status: '交易',
          at: t.gmtPayment,
          createdAt: t.gmtCreate,
        });
      }
      for (const [outRequestNo, refund] of t.refunds) {
        if (!refund.at.startsWith(billDate)) continue;
        rows.push({
          ...common,
          kind: 'refund',
          refundNo: outRequestNo,
          amountFen: refund.fen,
          status: '退款',
          at: refund.at,
          createdAt: refund.at,
        });
      }
    }
    return applyBillTampers(rows, tampers.get(billDate) ?? [], (t) => ({
      kind: 'payment',
      outTradeNo: t.outTradeNo,
      refundNo: null,
      platformId: `${billDate.replace(/-/g, '')}22001${randomDigits(15)}`,
      amountFen: t.amountFen,
      status: '交易',
      at: `${billDate} 12:00:00`,
      createdAt: `${billDate} 12:00:00`,
      subject: '商户系统外的交易',
      buyer: 'sandbox-unknown-buyer',
    }));
  }

  function filesOf(billDate: string, rows: Row[]) {
    const day = billDate.replace(/-/g, '');
    const next = new Date(Date.parse(`${billDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const yuan = (fen: number, isRefund: boolean) => (isRefund ? `-${fenToYuanString(fen)}` : fenToYuanString(fen));
    const lines = rows.map((r) => {
      const isRefund = r.kind === 'refund';
      const feeFen = Math.floor((r.amountFen * 60) / 10_000);
      return [
        `${r.platformId}\t`,
        `${r.outTradeNo}\t`,
        r.status,
        text(r.subject),
        r.createdAt,
        r.at,
        '',
        '',
        '',
        '',
        text(r.buyer),
        yuan(r.amountFen, isRefund),
        yuan(r.amountFen, isRefund),
        '0.00',
        '0.00',
        '0.00',
        '0.00',
        '0.00',
        '',
        '0.00',
        '0.00',
        isRefund ? `${r.refundNo}\t` : '',
        isRefund ? fenToYuanString(feeFen) : `-${fenToYuanString(feeFen)}`,
        '0.00',
        '',
      ].join(',');
    });
    const sum = (kind: Row['kind']) => rows.filter((r) => r.kind === kind);
    const fen = (list: Row[]) => fenToYuanString(list.reduce((s, r) => s + r.amountFen, 0));
    const [paid, refunded] = [sum('payment'), sum('refund')];
    const detail = [
      '#支付宝业务明细查询',
      `#账号：[${sellerId}0156]`,
      `#起始日期：[${chineseTime(billDate)} 00:00:00]   终止日期：[${chineseTime(next)} 00:00:00]`,
      `#${RULE}业务明细列表${RULE}`,
      TRADE_BILL_COLUMNS.join(','),
      ...lines,
      `#${RULE}业务明细列表结束${RULE}`,
      `#交易合计：${paid.length}笔，商家实收共${fen(paid)}元，商家优惠共0.00元`,
      `#退款合计：${refunded.length}笔，商家实收退款共-${fen(refunded)}元，商家优惠退款共0.00元`,
      `#导出时间：[${chineseTime(next)} 09:00:00]`,
    ];
    const summary = [
      '#支付宝业务汇总查询',
      `#账号：[${sellerId}0156]`,
      '门店编号,门店名称,交易订单总笔数,退款订单总笔数,订单金额（元）,商家实收（元）',
      `合计,,${paid.length},${refunded.length},${fen(paid)},${fen(paid)}`,
      `#导出时间：[${chineseTime(next)} 09:00:00]`,
    ];
    const base = `${sellerId}0156_${day}`;
    return writeZip([
      { name: `${base}_业务明细.csv`, data: encodeGbk(detail.join('\r\n') + '\r\n') },
      { name: `${base}_业务明细(汇总).csv`, data: encodeGbk(summary.join('\r\n') + '\r\n') },
    ]);
  }

  return {
    tamper(billDate: string, changes: BillTamper[]) {
      tampers.set(billDate, changes);
    },

    /** A download URL for the day's bill under `origin`, or null when nothing happened that day (no bill). */
    urlFor(billDate: string, origin: string, now = Date.now()): string | null {
      const rows = rowsOf(billDate);
      if (!rows.length) return null;
      for (const [old, d] of downloads) if (d.expiresAt < now) downloads.delete(old);
      const token = randomBytes(16).toString('hex');
      downloads.set(token, { file: filesOf(billDate, rows), expiresAt: now + URL_LIFETIME_MS });
      return `${origin}/bills/download?bizType=trade&bizDates=${billDate.replace(/-/g, '')}&token=${token}`;
    },

    download(token: string, now = Date.now()): Buffer | null {
      const found = downloads.get(token);
      return found && found.expiresAt >= now ? found.file : null;
    },
  };
}

function randomDigits(count: number): string {
  return Array.from(randomBytes(count), (b) => String(b % 10)).join('');
}
