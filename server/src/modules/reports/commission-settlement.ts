import type { ReportFilter, SettlementRow } from '@mall/shared/admin';
import { currentPolicy } from '../distribution';
import { memberFlowsByDay, memberFlowsClosedBy, type MemberFlowView } from '../ledger';
import { cycleOf, rangeOf } from './report-range';
import type { ReportsDeps } from './reports-deps';

type Figures = Pick<SettlementRow, 'accruedFen' | 'releasedFen' | 'reversedFen' | 'settledFen' | 'withdrawnFen'>;

/** Which figure a sum of member-account entries adds to, and with which sign; null: none of them. */
function figureOf(flow: MemberFlowView): [keyof Figures, 1 | -1] | null {
  switch (flow.kind) {
    case 'commission_accrued':
      return flow.accountKind === 'member_frozen' ? ['accruedFen', 1] : null;
    case 'commission_released':
      return flow.accountKind === 'member_settling' ? ['releasedFen', 1] : null;
    case 'commission_reversed':
      return ['reversedFen', -1];
    case 'statement_confirmed':
      return flow.accountKind === 'member_settling' ? ['settledFen', -1] : null;
    case 'withdrawal_paid':
      return ['withdrawnFen', -1];
    default:
      return null;
  }
}

/**
 * Per distributor and settlement cycle (the policy's: weekly from Monday, or the calendar month; the range is
 * widened to whole cycles), from the ledger: commission accrued (into frozen), released (into settling),
 * reversed (taken back from any of their balances), settled (statements confirmed out of settling) and withdrawn
 * (payouts completed, the whole amount the member asked for, fee included).
 */
export async function settlementReport(deps: ReportsDeps, f: ReportFilter) {
  const cycle = (await currentPolicy(deps)).settlementCycle;
  const days = { from: cycleOf(f.from, cycle).start, to: cycleOf(f.to, cycle).end };
  const range = { ...rangeOf(days), memberId: f.distributorId };
  const flows = [
    ...(await memberFlowsByDay(deps.sequelize, range)),
    ...(await memberFlowsClosedBy(deps.sequelize, range, {
      closing: 'withdrawal_paid',
      opening: 'withdrawal_requested',
      subjectType: 'withdrawal',
    })),
  ];
  const rows = new Map<string, SettlementRow>();
  for (const flow of flows) {
    const figure = figureOf(flow);
    if (!figure) continue;
    const { start, end } = cycleOf(flow.day, cycle);
    const key = `${flow.memberId}:${start}`;
    const row = rows.get(key) ?? {
      memberId: flow.memberId,
      cycle,
      cycleStart: start,
      cycleEnd: end,
      accruedFen: 0,
      releasedFen: 0,
      reversedFen: 0,
      settledFen: 0,
      withdrawnFen: 0,
    };
    row[figure[0]] += figure[1] * flow.amountFen;
    rows.set(key, row);
  }
  const items = [...rows.values()].sort((a, b) =>
    a.cycleStart === b.cycleStart ? a.memberId - b.memberId : a.cycleStart < b.cycleStart ? -1 : 1,
  );
  const totals: Figures = { accruedFen: 0, releasedFen: 0, reversedFen: 0, settledFen: 0, withdrawnFen: 0 };
  for (const row of items) for (const key of Object.keys(totals) as (keyof Figures)[]) totals[key] += row[key];
  return { cycle, items, totals };
}
