import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { isSqlite } from '../../platform/db/database';

const CHUNK = 5_000;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Adds to counters of many nodes in few statements: nodes that get the same additions share one
 * UPDATE ... WHERE member_id IN (...) (the common upper part of a batch's ancestors), and the rest go in chunks
 * of UPDATE ... SET c = c + CASE member_id WHEN ... END. Each node is still written once per batch.
 */
export async function bumpNodes<S>(
  sequelize: Sequelize,
  tx: Transaction,
  byMember: Map<number, S>,
  columnsOf: (sums: S) => Record<string, number>,
): Promise<void> {
  const groups = new Map<string, { columns: Record<string, number>; ids: number[] }>();
  for (const [memberId, sums] of byMember) {
    const columns = Object.fromEntries(Object.entries(columnsOf(sums)).filter(([, v]) => v !== 0));
    if (Object.keys(columns).length === 0) continue;
    const key = JSON.stringify(columns);
    const group = groups.get(key) ?? { columns, ids: [] };
    group.ids.push(memberId);
    groups.set(key, group);
  }
  const singles: { memberId: number; columns: Record<string, number> }[] = [];
  for (const { columns, ids } of groups.values()) {
    if (ids.length === 1) {
      singles.push({ memberId: ids[0], columns });
      continue;
    }
    const set = Object.keys(columns).map((c) => `${c} = ${c} + ?`);
    for (const part of chunks(ids, CHUNK)) {
      await sequelize.query(
        `UPDATE team_nodes SET ${set.join(', ')}, updated_at = ? WHERE member_id IN (${part.map(() => '?').join(',')})`,
        { replacements: [...Object.values(columns), new Date(), ...part], transaction: tx, type: QueryTypes.UPDATE },
      );
    }
  }
  for (const part of chunks(singles, 500)) {
    const names = [...new Set(part.flatMap((s) => Object.keys(s.columns)))];
    const replacements: unknown[] = [];
    const set = names.map((c) => {
      for (const s of part) replacements.push(s.memberId, s.columns[c] ?? 0);
      return `${c} = ${c} + CASE member_id ${part.map(() => 'WHEN ? THEN ?').join(' ')} ELSE 0 END`;
    });
    replacements.push(new Date(), ...part.map((s) => s.memberId));
    await sequelize.query(
      `UPDATE team_nodes SET ${set.join(', ')}, updated_at = ? WHERE member_id IN (${part.map(() => '?').join(',')})`,
      { replacements, transaction: tx, type: QueryTypes.UPDATE },
    );
  }
}

export interface DailyBump {
  memberId: number;
  day: string;
  teamSalesFen: number;
  teamOrders: number;
  ownSalesFen: number;
  ownOrders: number;
  /** Members who joined the team that day (team growth rankings). */
  teamNewMembers?: number;
}

/** Adds to per-day buckets, creating them on first use (upsert, in the dialect's own words). */
export async function bumpDaily(sequelize: Sequelize, tx: Transaction, rows: DailyBump[]): Promise<void> {
  const onConflict = isSqlite(sequelize)
    ? `ON CONFLICT (member_id, day) DO UPDATE SET team_sales_fen = team_sales_fen + excluded.team_sales_fen,
       team_order_count = team_order_count + excluded.team_order_count,
       own_sales_fen = own_sales_fen + excluded.own_sales_fen, own_order_count = own_order_count + excluded.own_order_count,
       team_new_members = team_new_members + excluded.team_new_members`
    : `ON DUPLICATE KEY UPDATE team_sales_fen = team_sales_fen + VALUES(team_sales_fen),
       team_order_count = team_order_count + VALUES(team_order_count),
       own_sales_fen = own_sales_fen + VALUES(own_sales_fen), own_order_count = own_order_count + VALUES(own_order_count),
       team_new_members = team_new_members + VALUES(team_new_members)`;
  for (const part of chunks(rows, 1_000)) {
    await sequelize.query(
      `INSERT INTO team_daily_figures (member_id, day, team_sales_fen, team_order_count, own_sales_fen, own_order_count,
       team_new_members) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')} ${onConflict}`,
      {
        replacements: part.flatMap((r) => [
          r.memberId,
          r.day,
          r.teamSalesFen,
          r.teamOrders,
          r.ownSalesFen,
          r.ownOrders,
          r.teamNewMembers ?? 0,
        ]),
        transaction: tx,
        type: QueryTypes.INSERT,
      },
    );
  }
}

/** Rewrites the paths of a whole subtree at once: the prefix of the moved member is swapped for the new one. */
export async function rewriteSubtreePaths(
  sequelize: Sequelize,
  tx: Transaction,
  oldPrefix: string,
  newPrefix: string,
  depthDelta: number,
): Promise<void> {
  const newPath = isSqlite(sequelize) ? '? || substr(ancestor_path, ?)' : 'CONCAT(?, SUBSTRING(ancestor_path, ?))';
  await sequelize.query(
    `UPDATE team_nodes SET ancestor_path = ${newPath}, depth = depth + ?, updated_at = ? WHERE ancestor_path LIKE ?`,
    {
      replacements: [newPrefix, oldPrefix.length + 1, depthDelta, new Date(), `${oldPrefix}%`],
      transaction: tx,
      type: QueryTypes.UPDATE,
    },
  );
}
