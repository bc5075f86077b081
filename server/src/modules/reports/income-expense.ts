import type { MoneyMovementRow, ReportFilter } from '@mall/shared/admin';
import { journalPage, type JournalEntryView } from '../ledger';
import { orderIdsEarnedBy } from '../distribution';
import { moneyMovementsBetween } from '../payments';
import { channelFeeFen } from './profit-report';
import { rangeOf } from './report-range';
import type { ReportsDeps } from './reports-deps';

/** At most this many rows in one income and expense detail (an export of more names a shorter range). */
export const MAX_MOVEMENT_ROWS = 200_000;
const PAGE = 5_000;

/** The platform accounts whose entries are money leaving or reaching the shop (the rest move between members). */
const PLATFORM_MONEY_ACCOUNTS = ['commission_expense', 'payout_fees', 'platform_clearing'] as const;

const orderNoIn = (memo: string | null) => /^\d{20}\b/.exec(memo ?? '')?.[0] ?? null;

/** A journal entry on a platform money account as a movement; null for entries that are not one. */
function movementOf(e: JournalEntryView): MoneyMovementRow | null {
  const base = { at: e.at.toISOString(), feeFen: 0, account: e.accountCode, memberId: null };
  if (e.accountKind === 'commission_expense')
    return e.amountFen < 0
      ? {
          ...base,
          direction: 'out',
          kind: 'commission_accrued',
          amountFen: -e.amountFen,
          reference: e.transactionKey,
          orderNo: orderNoIn(e.memo),
        }
      : {
          ...base,
          direction: 'in',
          kind: 'commission_reversed',
          amountFen: e.amountFen,
          reference: e.transactionKey,
          orderNo: orderNoIn(e.memo),
        };
  if (e.kind !== 'withdrawal_paid') return null;
  const reference = e.subjectId ?? e.transactionKey;
  if (e.accountKind === 'platform_clearing')
    return { ...base, direction: 'out', kind: 'payout', amountFen: e.amountFen, reference, orderNo: null };
  if (e.accountKind === 'payout_fees')
    return { ...base, direction: 'in', kind: 'payout_fee', amountFen: e.amountFen, reference, orderNo: null };
  return null;
}

/**
 * Every money movement in the range, oldest first: payments in and refunds out (each with its channel's fee), and
 * from the ledger commission accrued and reversed, payouts (the net amount) and payout fees kept. With a channel,
 * only that channel's payments and refunds; with a distributor, the payments and refunds of the orders they earned
 * on and no ledger rows.
 */
export async function moneyMovements(deps: ReportsDeps, f: ReportFilter): Promise<MoneyMovementRow[]> {
  const range = rangeOf(f);
  const earned = f.distributorId ? await orderIdsEarnedBy(f.distributorId) : null;
  const money = await moneyMovementsBetween(range.from, range.to, f.channel);
  const rows: MoneyMovementRow[] = [];
  for (const p of money.payments) {
    if (earned && !earned.has(p.orderId)) continue;
    rows.push({
      at: p.at.toISOString(),
      direction: 'in',
      kind: 'payment',
      amountFen: p.amountFen,
      feeFen: channelFeeFen(deps, p.channel, p.amountFen),
      account: p.channel,
      reference: p.outTradeNo,
      orderNo: p.orderNo,
      memberId: p.memberId,
    });
  }
  for (const r of money.refunds) {
    if (earned && !earned.has(r.orderId)) continue;
    rows.push({
      at: r.at.toISOString(),
      direction: 'out',
      kind: 'refund',
      amountFen: r.amountFen,
      feeFen: -channelFeeFen(deps, r.channel, r.amountFen),
      account: r.channel,
      reference: r.refundNo,
      orderNo: r.orderNo,
      memberId: r.memberId,
    });
  }
  if (!f.channel && !earned) {
    for (let afterId = 0; rows.length < MAX_MOVEMENT_ROWS;) {
      const entries = await journalPage(deps.sequelize, {
        ...range,
        afterId,
        limit: PAGE,
        accountKinds: PLATFORM_MONEY_ACCOUNTS,
      });
      for (const e of entries) {
        const row = movementOf(e);
        if (row) rows.push(row);
      }
      if (entries.length < PAGE) break;
      afterId = entries[entries.length - 1].entryId;
    }
  }
  // ISO times of one zone sort as text; the sort is stable, so a time shared keeps the source order
  return rows.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).slice(0, MAX_MOVEMENT_ROWS);
}

export function movementTotals(rows: readonly MoneyMovementRow[]) {
  let inFen = 0;
  let outFen = 0;
  let feeFen = 0;
  for (const r of rows) {
    if (r.direction === 'in') inFen += r.amountFen;
    else outFen += r.amountFen;
    feeFen += r.feeFen;
  }
  return { inFen, outFen, feeFen };
}
