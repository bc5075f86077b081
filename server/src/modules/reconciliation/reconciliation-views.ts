import { fn, col, Op, type WhereOptions } from 'sequelize';
import { fenToYuanString, type MismatchKind, type MismatchStatus, type ReconciliationChannel } from '@mall/shared';
import type { MismatchView, ReconciliationRunView, ReconciliationRunQuery } from '@mall/shared/admin';
import type { z } from 'zod';
import { ReconciliationMismatch, ReconciliationRun } from './reconciliation.model';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function toRunView(run: ReconciliationRun, openMismatchCount: number): ReconciliationRunView {
  return {
    id: run.id,
    channel: run.channel,
    billDate: run.billDate,
    status: run.status,
    trigger: run.triggeredBy,
    runCount: run.runCount,
    theirs: {
      paymentCount: run.theirPaymentCount,
      paymentFen: run.theirPaymentFen,
      refundCount: run.theirRefundCount,
      refundFen: run.theirRefundFen,
    },
    ours: {
      paymentCount: run.ourPaymentCount,
      paymentFen: run.ourPaymentFen,
      refundCount: run.ourRefundCount,
      refundFen: run.ourRefundFen,
    },
    mismatchCount: run.mismatchCount,
    openMismatchCount,
    errorCode: run.errorCode ?? null,
    errorMessage: run.errorMessage ?? null,
    startedAt: run.startedAt.toISOString(),
    finishedAt: iso(run.finishedAt),
  };
}

export function toMismatchView(m: ReconciliationMismatch): MismatchView {
  return {
    id: m.id,
    runId: m.runId,
    channel: m.channel,
    billDate: m.billDate,
    kind: m.kind,
    subject: m.subject,
    outTradeNo: m.outTradeNo,
    refundNo: m.refundNo,
    paymentId: m.paymentId,
    refundId: m.refundId,
    theirTransactionId: m.theirTransactionId,
    ourAmountFen: m.ourAmountFen,
    theirAmountFen: m.theirAmountFen,
    ourStatus: m.ourStatus as MismatchView['ourStatus'],
    theirStatus: m.theirStatus,
    status: m.status,
    resolutionNote: m.resolutionNote ?? null,
    resolvedBy: m.resolvedByName ?? null,
    resolvedAt: iso(m.resolvedAt),
  };
}

async function openCounts(runIds: number[]): Promise<Map<number, number>> {
  if (!runIds.length) return new Map();
  const rows = (await ReconciliationMismatch.findAll({
    attributes: ['runId', [fn('COUNT', col('id')), 'open']],
    where: { runId: runIds, status: 'open' },
    group: ['runId'],
    raw: true,
  })) as unknown as { runId: number; open: number | string }[];
  return new Map(rows.map((r) => [Number(r.runId), Number(r.open)]));
}

export async function runViewOf(run: ReconciliationRun): Promise<ReconciliationRunView> {
  return toRunView(run, (await openCounts([run.id])).get(run.id) ?? 0);
}

export async function listRuns(q: z.output<typeof ReconciliationRunQuery>) {
  const where: WhereOptions<ReconciliationRun> = {
    ...(q.channel ? { channel: q.channel } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.from || q.to
      ? { billDate: { ...(q.from ? { [Op.gte]: q.from } : {}), ...(q.to ? { [Op.lte]: q.to } : {}) } }
      : {}),
  };
  const { rows, count } = await ReconciliationRun.findAndCountAll({
    where,
    order: [
      ['billDate', 'DESC'],
      ['channel', 'ASC'],
    ],
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const open = await openCounts(rows.map((r) => r.id));
  return {
    items: rows.map((r) => toRunView(r, open.get(r.id) ?? 0)),
    total: count,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export interface MismatchFilter {
  runId?: number;
  channel?: ReconciliationChannel;
  billDate?: string;
  kind?: MismatchKind;
  status?: MismatchStatus;
  outTradeNo?: string;
}

const mismatchWhere = (f: MismatchFilter): WhereOptions<ReconciliationMismatch> => ({
  ...(f.runId ? { runId: f.runId } : {}),
  ...(f.channel ? { channel: f.channel } : {}),
  ...(f.billDate ? { billDate: f.billDate } : {}),
  ...(f.kind ? { kind: f.kind } : {}),
  ...(f.status ? { status: f.status } : {}),
  ...(f.outTradeNo ? { outTradeNo: f.outTradeNo } : {}),
});

export async function listMismatches(f: MismatchFilter & { page: number; pageSize: number }) {
  const { rows, count } = await ReconciliationMismatch.findAndCountAll({
    where: mismatchWhere(f),
    order: [
      ['billDate', 'DESC'],
      ['id', 'ASC'],
    ],
    limit: f.pageSize,
    offset: (f.page - 1) * f.pageSize,
  });
  return { items: rows.map(toMismatchView), total: count, page: f.page, pageSize: f.pageSize };
}

export const MAX_EXPORT_ROWS = 50_000;

const KIND_LABELS: Record<MismatchKind, string> = {
  missing_ours: '我方缺失',
  missing_theirs: '平台缺失',
  amount_differs: '金额不符',
  status_differs: '状态不符',
};

/** The mismatch list as an xlsx workbook (the order export's pattern): fen for sums, yuan for reading. */
export async function exportMismatchesXlsx(f: MismatchFilter): Promise<{ file: Buffer; rowCount: number }> {
  const { default: ExcelJS } = await import('exceljs'); // loaded on use: a large share of boot time otherwise
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('mismatches');
  sheet.columns = [
    'billDate',
    'channel',
    'kind',
    'kindLabel',
    'subject',
    'outTradeNo',
    'refundNo',
    'theirTransactionId',
    'ourAmountFen',
    'theirAmountFen',
    'ourAmountYuan',
    'theirAmountYuan',
    'ourStatus',
    'theirStatus',
    'status',
    'resolutionNote',
    'resolvedBy',
    'resolvedAt',
  ].map((key) => ({ header: key, key, width: 18 }));
  const yuan = (fen: number | null) => (fen === null ? '' : fenToYuanString(fen));
  let rowCount = 0;
  let afterId = 0;
  // keyset pages of 1,000: an export of many rows never holds them all at once
  while (rowCount < MAX_EXPORT_ROWS) {
    const rows = await ReconciliationMismatch.findAll({
      where: { [Op.and]: [mismatchWhere(f), { id: { [Op.gt]: afterId } }] },
      order: [['id', 'ASC']],
      limit: Math.min(1_000, MAX_EXPORT_ROWS - rowCount),
    });
    if (!rows.length) break;
    afterId = rows[rows.length - 1].id;
    for (const m of rows) {
      sheet.addRow({
        billDate: m.billDate,
        channel: m.channel,
        kind: m.kind,
        kindLabel: KIND_LABELS[m.kind],
        subject: m.subject,
        outTradeNo: m.outTradeNo,
        refundNo: m.refundNo ?? '',
        theirTransactionId: m.theirTransactionId ?? '',
        ourAmountFen: m.ourAmountFen ?? '',
        theirAmountFen: m.theirAmountFen ?? '',
        ourAmountYuan: yuan(m.ourAmountFen),
        theirAmountYuan: yuan(m.theirAmountFen),
        ourStatus: m.ourStatus ?? '',
        theirStatus: m.theirStatus ?? '',
        status: m.status,
        resolutionNote: m.resolutionNote ?? '',
        resolvedBy: m.resolvedByName ?? '',
        resolvedAt: iso(m.resolvedAt) ?? '',
      });
      rowCount++;
    }
  }
  return { file: Buffer.from(await workbook.xlsx.writeBuffer()), rowCount };
}
