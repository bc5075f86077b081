import type { ReportFilter, ReportKind } from '@mall/shared/admin';
import { settlementReport } from './commission-settlement';
import { moneyMovements } from './income-expense';
import { journalRows, toJournalRow } from './journal-report';
import { profitReport } from './profit-report';
import { rangeOf } from './report-range';
import type { ReportsDeps } from './reports-deps';

export type Cell = string | number | null;
export interface Column {
  key: string;
  header: string;
  /** An amount in fen: kept an integer in csv and xlsx, shown in yuan on the printable page. */
  fen?: boolean;
}
export interface ReportTable {
  title: string;
  columns: readonly Column[];
  /** The rows, each after the progress (0–1) reached with it has been reported. */
  rows: AsyncIterable<Record<string, Cell>>;
}

/** At most this many journal entries in one export (narrow the range for more). */
export const MAX_JOURNAL_ROWS = 500_000;
const JOURNAL_PAGE = 2_000;

const fen = (key: string, header: string): Column => ({ key, header, fen: true });

const COLUMNS: Record<ReportKind, readonly Column[]> = {
  profit: [
    { key: 'period', header: '期间' },
    { key: 'orderCount', header: '订单数' },
    fen('revenueFen', '收入(分)'),
    fen('refundFen', '退款(分)'),
    fen('costFen', '成本(分)'),
    fen('commissionFen', '佣金(分)'),
    fen('feeFen', '手续费(分)'),
    fen('profitFen', '利润(分)'),
    { key: 'unknownCostUnits', header: '未设成本件数' },
  ],
  'income-expense': [
    { key: 'at', header: '时间' },
    { key: 'direction', header: '收支' },
    { key: 'kind', header: '类型' },
    fen('amountFen', '金额(分)'),
    fen('feeFen', '手续费(分)'),
    { key: 'account', header: '账户' },
    { key: 'reference', header: '单号' },
    { key: 'orderNo', header: '订单号' },
    { key: 'memberId', header: '会员ID' },
  ],
  'commission-settlement': [
    { key: 'memberId', header: '分销员ID' },
    { key: 'cycleStart', header: '周期开始' },
    { key: 'cycleEnd', header: '周期结束' },
    fen('accruedFen', '计提(分)'),
    fen('releasedFen', '解冻(分)'),
    fen('reversedFen', '冲回(分)'),
    fen('settledFen', '结算(分)'),
    fen('withdrawnFen', '提现(分)'),
  ],
  journal: [
    { key: 'at', header: '时间' },
    { key: 'entryId', header: '分录ID' },
    { key: 'transactionId', header: '凭证ID' },
    { key: 'transactionKey', header: '业务键' },
    { key: 'kind', header: '类型' },
    { key: 'accountCode', header: '账户' },
    fen('amountFen', '金额(分)'),
    fen('balanceAfterFen', '余额(分)'),
    { key: 'memo', header: '摘要' },
    { key: 'subject', header: '关联' },
  ],
};

export const REPORT_TITLES: Record<ReportKind, string> = {
  profit: '利润报表',
  'income-expense': '收支明细',
  'commission-settlement': '佣金结算报表',
  journal: '账务流水（审计）',
};

async function* fromArray<T extends object>(rows: readonly T[], progress: (fraction: number) => Promise<void>) {
  for (let i = 0; i < rows.length; i += 1) {
    if (i % 1_000 === 0) await progress(0.5 + (0.5 * i) / rows.length);
    yield rows[i] as Record<string, Cell>;
  }
}

async function* journalOf(deps: ReportsDeps, f: ReportFilter, progress: (fraction: number) => Promise<void>) {
  const range = rangeOf(f);
  const span = range.to.getTime() - range.from.getTime();
  let afterId = 0;
  for (let count = 0; count < MAX_JOURNAL_ROWS;) {
    const page = await journalRows(deps, f, afterId, Math.min(JOURNAL_PAGE, MAX_JOURNAL_ROWS - count));
    if (page.length === 0) return;
    // the journal runs in time order: how far into the range the page reached is how far the export is
    await progress(Math.min(0.99, (page[page.length - 1].at.getTime() - range.from.getTime()) / span));
    for (const entry of page) yield toJournalRow(entry) as unknown as Record<string, Cell>;
    count += page.length;
    afterId = page[page.length - 1].entryId;
    if (page.length < JOURNAL_PAGE) return;
  }
}

/** A report as a table for a file: its title, columns and rows (the totals as the last row where there are). */
export async function tableOf(
  deps: ReportsDeps,
  report: ReportKind,
  f: ReportFilter,
  progress: (fraction: number) => Promise<void>,
): Promise<ReportTable> {
  const table = (rows: AsyncIterable<Record<string, Cell>>) => ({
    title: REPORT_TITLES[report],
    columns: COLUMNS[report],
    rows,
  });
  switch (report) {
    case 'journal':
      return table(journalOf(deps, f, progress));
    case 'profit': {
      const { rows, totals } = await profitReport(deps, f);
      await progress(0.5);
      return table(fromArray([...rows, totals], progress));
    }
    case 'income-expense': {
      const rows = await moneyMovements(deps, f);
      await progress(0.5);
      return table(fromArray(rows, progress));
    }
    case 'commission-settlement': {
      const { items, totals } = await settlementReport(deps, f);
      await progress(0.5);
      return table(fromArray([...items, { memberId: '合计', ...totals }], progress));
    }
  }
}
