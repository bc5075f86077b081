import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { SharingDay, SharingTotals } from '@mall/shared';
import { isSqlite } from '../../platform/db/database';

/** Days are counted in China time (UTC+8): "today" is the promoter's today. */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

export function dayOf(at: Date | string): string {
  return new Date(new Date(at).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const COLUMNS = {
  shares: 'shares',
  opens: 'opens',
  newMembers: 'new_members',
  paidOrders: 'paid_orders',
  paidFen: 'paid_fen',
  refundedOrders: 'refunded_orders',
  refundedFen: 'refunded_fen',
} as const satisfies Record<keyof SharingTotals, string>;
const FIELDS = Object.keys(COLUMNS) as (keyof SharingTotals)[];

export const emptyTotals = (): SharingTotals => ({
  shares: 0,
  opens: 0,
  newMembers: 0,
  paidOrders: 0,
  paidFen: 0,
  refundedOrders: 0,
  refundedFen: 0,
});

/**
 * Adds to one promoter's day, creating the row on first use. Called in the transaction that wrote the ledger
 * row (share, open or attribution) the delta stands for, so the totals never drift from the ledger.
 */
export async function addToDailyStats(
  sequelize: Sequelize,
  promoterId: number,
  day: string,
  delta: Partial<SharingTotals>,
  tx: Transaction,
): Promise<void> {
  const values = FIELDS.map((f) => delta[f] ?? 0);
  const columns = FIELDS.map((f) => COLUMNS[f]);
  const now = new Date();
  const increments = columns
    .map((c) => (isSqlite(sequelize) ? `${c} = ${c} + excluded.${c}` : `${c} = ${c} + VALUES(${c})`))
    .join(', ');
  const conflict = isSqlite(sequelize) ? 'ON CONFLICT (promoter_id, day) DO UPDATE SET' : 'ON DUPLICATE KEY UPDATE';
  await sequelize.query(
    `INSERT INTO share_daily_stats (promoter_id, day, ${columns.join(', ')}, created_at, updated_at)
     VALUES (?, ?, ${columns.map(() => '?').join(', ')}, ?, ?) ${conflict} ${increments}, updated_at = ?`,
    { replacements: [promoterId, day, ...values, now, now, now], transaction: tx, type: QueryTypes.INSERT },
  );
}

interface SumRow extends Record<keyof SharingTotals, number | string | null> {
  day?: string;
}

const toTotals = (row: SumRow | undefined): SharingTotals =>
  Object.fromEntries(FIELDS.map((f) => [f, Number(row?.[f] ?? 0)])) as SharingTotals;

/** Sums the daily rows of some promoters (all when `promoterIds` is null) over [from, to], overall and by day. */
export async function sumDailyStats(
  sequelize: Sequelize,
  promoterIds: number[] | null,
  from: string,
  to: string,
): Promise<{ totals: SharingTotals; byDay: SharingDay[] }> {
  if (promoterIds?.length === 0) return { totals: emptyTotals(), byDay: [] };
  const sums = FIELDS.map((f) => `COALESCE(SUM(${COLUMNS[f]}), 0) AS ${f}`).join(', ');
  const who = promoterIds ? 'AND promoter_id IN (:promoterIds)' : '';
  const rows = await sequelize.query<SumRow & { day: string }>(
    `SELECT day, ${sums} FROM share_daily_stats WHERE day BETWEEN :from AND :to ${who} GROUP BY day ORDER BY day DESC`,
    { replacements: { from, to, promoterIds }, type: QueryTypes.SELECT },
  );
  const byDay = rows.map((r) => ({ day: r.day, ...toTotals(r) }));
  const totals = emptyTotals();
  for (const d of byDay) for (const f of FIELDS) totals[f] += d[f];
  return { totals, byDay };
}

/** Totals per promoter over [from, to], best first: new members, then paid amount. */
export async function rankPromoters(
  sequelize: Sequelize,
  from: string,
  to: string,
  limit: number,
): Promise<(SharingTotals & { memberId: number })[]> {
  const sums = FIELDS.map((f) => `COALESCE(SUM(${COLUMNS[f]}), 0) AS ${f}`).join(', ');
  const rows = await sequelize.query<SumRow & { promoterId: number }>(
    `SELECT promoter_id AS promoterId, ${sums} FROM share_daily_stats WHERE day BETWEEN :from AND :to
     GROUP BY promoter_id ORDER BY newMembers DESC, paidFen DESC, promoter_id ASC LIMIT :limit`,
    { replacements: { from, to, limit }, type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({ memberId: Number(r.promoterId), ...toTotals(r) }));
}
