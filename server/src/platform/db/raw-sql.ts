import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { isSqlite } from './database';

/**
 * Raw statements for the hot write paths (order placement), where building Sequelize model instances costs more
 * than the round trip: values always go as replacements (escaped by the dialect), never into the SQL text.
 * Table and column names come from the code, never from input.
 */
export interface InsertResult {
  /** The id of the first row written; a multi-row insert's ids follow it one by one (as Sequelize's bulkCreate assumes). */
  firstId: number;
  affectedRows: number;
}

/**
 * A date as the columns hold it (UTC, milliseconds kept): a bare Date in replacements loses its milliseconds
 * on MySQL. SQLite keeps Sequelize's text form, offset included, so model reads parse it alike.
 */
export function sqlDate(sequelize: Sequelize, date: Date): string {
  const text = date.toISOString().replace('T', ' ').slice(0, 23);
  return isSqlite(sequelize) ? `${text} +00:00` : text;
}

/**
 * One multi-row INSERT (Date values are written with their milliseconds). `ignore` turns a duplicate key into a no-op (INSERT IGNORE / INSERT OR IGNORE);
 * then `affectedRows` says whether the row went in.
 */
export async function insertRows(
  sequelize: Sequelize,
  tx: Transaction,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  options: { ignore?: boolean } = {},
): Promise<InsertResult> {
  const sqlite = isSqlite(sequelize);
  const verb = options.ignore ? (sqlite ? 'INSERT OR IGNORE' : 'INSERT IGNORE') : 'INSERT';
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const sql = `${verb} INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`;
  const [id, affected] = (await sequelize.query(sql, {
    replacements: rows.flat().map((v) => (v instanceof Date ? sqlDate(sequelize, v) : v)),
    transaction: tx,
    type: QueryTypes.INSERT,
  })) as unknown as [number, number];
  // MySQL answers the first id of the statement, SQLite the last
  const firstId = sqlite ? Number(id) - Number(affected) + 1 : Number(id);
  return { firstId, affectedRows: Number(affected) };
}

/** An UPDATE or DELETE with replacements; answers the rows it changed. */
export async function changeRows(
  sequelize: Sequelize,
  tx: Transaction | undefined,
  sql: string,
  replacements: readonly unknown[],
): Promise<number> {
  const affected = await sequelize.query(sql, {
    replacements: replacements.map((v) => (v instanceof Date ? sqlDate(sequelize, v) : v)),
    transaction: tx,
    type: QueryTypes.BULKUPDATE,
  });
  return Number(affected);
}

/** A SELECT with replacements, as plain rows. */
export async function selectRows<T extends object>(
  sequelize: Sequelize,
  tx: Transaction | undefined,
  sql: string,
  replacements: readonly unknown[],
): Promise<T[]> {
  return sequelize.query<T>(sql, { replacements: [...replacements], transaction: tx, type: QueryTypes.SELECT });
}
