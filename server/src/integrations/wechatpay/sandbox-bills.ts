/**
 * The sandbox's trade bills (交易账单, type ALL), made from what it processed: payments by their success time,
 * refunds by the time they were accepted (WeChat Pay's rule; a refund's status is the one it had when the bill was
 * asked for). Bills are asked for with GET /v3/bill/tradebill and fetched from a download_url on the real host,
 * which lives 30 seconds; the file is gzip when tar_type=GZIP, and hash_value is the SHA-1 of the plain file.
 */
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { fenToYuanString } from '@mall/shared';
import type { PlatformBillRow } from '../platform-bill';
import { applyBillTampers, type BillTamper } from '../sandbox-bill-tamper';
import type { SandboxLedger } from './sandbox-ledger';
import { billSha1, TRADE_BILL_ALL_COLUMNS, TRADE_BILL_SUMMARY_COLUMNS } from './trade-bill';
import { WECHATPAY_SDK_HOST, BILL_DOWNLOAD_PATH } from './wechatpay-http';

const DOWNLOAD_URL_LIFETIME_MS = 30_000;

type Row = PlatformBillRow & { totalFen: number; transactionId: string; openid: string; description: string };

/** "2026-12-01T10:00:00+08:00" → "2026-12-01 10:00:00": the bill's Beijing time. */
const billTime = (wechatTime: string) => wechatTime.slice(0, 19).replace('T', ' ');
const yuan = fenToYuanString;
const text = (value: string) => value.replace(/[`,\r\n]/g, ' ');

export function createSandboxBills(ledger: SandboxLedger, merchant: { appId: string; mchId: string }) {
  const tampers = new Map<string, BillTamper[]>();
  const downloads = new Map<string, { file: Buffer; expiresAt: number }>();

  function rowsOf(billDate: string): Row[] {
    const { orders, refunds } = ledger.processed();
    const byOutTradeNo = new Map(orders.map((o) => [o.outTradeNo, o]));
    const payments: Row[] = orders
      .filter((o) => o.state === 'SUCCESS' && o.successTime?.startsWith(billDate))
      .map((o) => ({
        kind: 'payment',
        outTradeNo: o.outTradeNo,
        refundNo: null,
        platformId: o.transactionId ?? null,
        amountFen: o.amountFen,
        status: 'SUCCESS',
        at: billTime(o.successTime!),
        totalFen: o.amountFen,
        transactionId: o.transactionId ?? '',
        openid: o.openid,
        description: o.description,
      }));
    const refundRows: Row[] = refunds
      .filter((r) => r.createTime.startsWith(billDate))
      .map((r) => ({
        kind: 'refund',
        outTradeNo: r.outTradeNo,
        refundNo: r.outRefundNo,
        platformId: r.refundId,
        amountFen: r.refundFen,
        status: r.status,
        at: billTime(r.createTime),
        totalFen: r.totalFen,
        transactionId: r.transactionId,
        openid: byOutTradeNo.get(r.outTradeNo)?.openid ?? '',
        description: byOutTradeNo.get(r.outTradeNo)?.description ?? '',
      }));
    return applyBillTampers([...payments, ...refundRows], tampers.get(billDate) ?? [], (t) => ({
      kind: 'payment',
      outTradeNo: t.outTradeNo,
      refundNo: null,
      platformId: `4200${randomDigits(24)}`,
      amountFen: t.amountFen,
      status: 'SUCCESS',
      at: `${billDate} 12:00:00`,
      totalFen: t.amountFen,
      transactionId: `4200${randomDigits(24)}`,
      openid: 'sandbox-unknown-payer',
      description: '商户系统外的交易',
    }));
  }

  function fileOf(rows: Row[]): string {
    const line = (fields: (string | number)[]) => `\`${fields.join(',`')}`;
    const detail = rows.map((r) => {
      const isRefund = r.kind === 'refund';
      const feeFen = Math.floor((r.amountFen * 60) / 10_000); // 0.6%, refunded with the refund
      return line([
        r.at,
        merchant.appId,
        merchant.mchId,
        '0',
        '',
        r.transactionId,
        r.outTradeNo,
        r.openid,
        'JSAPI',
        isRefund ? 'REFUND' : r.status,
        'OTHERS',
        'CNY',
        isRefund ? '0.00' : yuan(r.amountFen),
        '0.00',
        isRefund ? (r.platformId ?? '') : '0',
        isRefund ? (r.refundNo ?? '') : '0',
        isRefund ? yuan(r.amountFen) : '0.00',
        '0.00',
        isRefund ? 'ORIGINAL' : '',
        isRefund ? r.status : '',
        text(r.description),
        '',
        isRefund ? `-${yuan(feeFen)}` : yuan(feeFen),
        '0.60%',
        isRefund ? yuan(r.totalFen) : yuan(r.amountFen),
        isRefund ? yuan(r.amountFen) : '0.00',
        '',
      ]);
    });
    const sum = (kind: Row['kind']) => rows.filter((r) => r.kind === kind).reduce((s, r) => s + r.amountFen, 0);
    const summary = line([
      rows.length,
      yuan(sum('payment')),
      yuan(sum('refund')),
      '0.00',
      '0.00',
      yuan(sum('payment')),
      yuan(sum('refund')),
    ]);
    return [TRADE_BILL_ALL_COLUMNS.join(','), ...detail, TRADE_BILL_SUMMARY_COLUMNS.join(','), summary, ''].join(
      '\r\n',
    );
  }

  return {
    tamper(billDate: string, changes: BillTamper[]) {
      tampers.set(billDate, changes);
    },

    /** GET /v3/bill/tradebill: the answer's fields, or WeChat Pay's refusal. */
    apply(query: Record<string, unknown>, now = Date.now()) {
      const billDate = typeof query.bill_date === 'string' ? query.bill_date : '';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(billDate)) {
        return { refused: { status: 400, code: 'PARAM_ERROR', message: 'bill_date 格式错误' } };
      }
      if ((query.bill_type ?? 'ALL') !== 'ALL') {
        return { refused: { status: 400, code: 'PARAM_ERROR', message: '沙箱只出 ALL 类型的账单' } };
      }
      const rows = rowsOf(billDate);
      if (!rows.length) return { refused: { status: 400, code: 'NO_STATEMENT_EXIST', message: '该日期无交易账单' } };
      const plain = Buffer.from(fileOf(rows), 'utf8');
      const isHashBroken = (tampers.get(billDate) ?? []).some((t) => t.kind === 'hash');
      const hash = billSha1(isHashBroken ? Buffer.concat([plain, Buffer.from('tampered')]) : plain);
      for (const [old, d] of downloads) if (d.expiresAt < now) downloads.delete(old);
      const token = randomBytes(16).toString('hex');
      downloads.set(token, {
        file: query.tar_type === 'GZIP' ? gzipSync(plain) : plain,
        expiresAt: now + DOWNLOAD_URL_LIFETIME_MS,
      });
      return {
        ok: {
          hash_type: 'SHA1',
          hash_value: hash,
          download_url: `${WECHATPAY_SDK_HOST}${BILL_DOWNLOAD_PATH}?token=${token}`,
        },
      };
    },

    /** GET download_url: the file, while the URL lives. */
    download(token: string, now = Date.now()): Buffer | null {
      const found = downloads.get(token);
      if (!found || found.expiresAt < now) return null;
      return found.file;
    },
  };
}

function randomDigits(count: number): string {
  return Array.from(randomBytes(count), (b) => String(b % 10)).join('');
}
