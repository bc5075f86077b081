import type { PaymentChannel } from '@mall/shared';
import type { ProfitReport, ProfitRow, ReportFilter } from '@mall/shared/admin';
import { chinaDay } from '../../platform/china-day';
import { skuCostsOf } from '../catalog';
import { commissionMovementsBetween, orderIdsEarnedBy } from '../distribution';
import { paidOrderLinesBetween } from '../orders';
import { moneyMovementsBetween, paidChannelsOf } from '../payments';
import { daysOf, rangeOf } from './report-range';
import type { ReportsDeps } from './reports-deps';

/** A channel's fee on an amount, rounded to the fen as the platforms round each transaction's fee. */
export const channelFeeFen = (deps: ReportsDeps, channel: PaymentChannel, amountFen: number) =>
  Math.round((amountFen * deps.config.reports.paymentFeeBps[channel]) / 10_000);

const emptyRow = (period: string): ProfitRow => ({
  period,
  orderCount: 0,
  revenueFen: 0,
  refundFen: 0,
  costFen: 0,
  commissionFen: 0,
  feeFen: 0,
  profitFen: 0,
  unknownCostUnits: 0,
});

/**
 * Profit per Beijing day or month. Each movement counts on its own day: revenue when the payment arrived (and its
 * channel fee), refunds when they succeeded (the fee's share comes back), commission when it accrued (the order's
 * payment time) less reversals when they were made, the cost of the units on orders paid that day at each SKU's
 * cost price now. By channel: the payments and refunds of that channel and the orders paid through it. By
 * distributor: the orders on which that distributor earned commission (all their commission counts).
 */
export async function profitReport(deps: ReportsDeps, f: ReportFilter): Promise<ProfitReport> {
  const range = rangeOf(f);
  const [earned, money, commissions, orders] = await Promise.all([
    f.distributorId ? orderIdsEarnedBy(f.distributorId) : null,
    moneyMovementsBetween(range.from, range.to, f.channel),
    commissionMovementsBetween(range.from, range.to),
    paidOrderLinesBetween(range.from, range.to),
  ]);
  const channelOf = f.channel
    ? await paidChannelsOf([...new Set([...commissions.map((c) => c.orderId), ...orders.map((o) => o.orderId)])])
    : null;
  const counts = (orderId: number) =>
    (!earned || earned.has(orderId)) && (!channelOf || channelOf.get(orderId) === f.channel);
  const costs = await skuCostsOf(orders.flatMap((o) => o.lines.map((l) => l.skuId)));

  const periodOf = (at: Date) => (f.groupBy === 'month' ? chinaDay(at).slice(0, 7) : chinaDay(at));
  const periods = [...new Set(daysOf(f.from, f.to).map((d) => (f.groupBy === 'month' ? d.slice(0, 7) : d)))];
  const rows = new Map(periods.map((p) => [p, emptyRow(p)]));
  const rowAt = (at: Date) => rows.get(periodOf(at))!;

  for (const p of money.payments) {
    if (earned && !earned.has(p.orderId)) continue; // the channel was filtered by the query
    const row = rowAt(p.at);
    row.revenueFen += p.amountFen;
    row.feeFen += channelFeeFen(deps, p.channel, p.amountFen);
  }
  for (const r of money.refunds) {
    if (earned && !earned.has(r.orderId)) continue;
    const row = rowAt(r.at);
    row.refundFen += r.amountFen;
    row.feeFen -= channelFeeFen(deps, r.channel, r.amountFen);
  }
  for (const c of commissions) {
    if (!counts(c.orderId)) continue;
    rowAt(c.at).commissionFen += c.kind === 'accrued' ? c.amountFen : -c.amountFen;
  }
  for (const o of orders) {
    if (!counts(o.orderId)) continue;
    const row = rowAt(o.paidAt);
    row.orderCount += 1;
    for (const line of o.lines) {
      const cost = costs.get(line.skuId);
      if (cost === null || cost === undefined) row.unknownCostUnits += line.quantity;
      else row.costFen += cost * line.quantity;
    }
  }
  const totals = emptyRow('total');
  for (const row of rows.values()) {
    row.profitFen = row.revenueFen - row.refundFen - row.costFen - row.commissionFen - row.feeFen;
    for (const key of Object.keys(totals) as (keyof ProfitRow)[]) if (key !== 'period') totals[key] += row[key];
  }
  return { from: f.from, to: f.to, groupBy: f.groupBy, rows: [...rows.values()], totals };
}
