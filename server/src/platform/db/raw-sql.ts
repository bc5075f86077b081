import {
  DatabaseError,
  ForeignKeyConstraintError,
  QueryTypes,
  UniqueConstraintError,
  type Sequelize,
  type Transaction,
} from 'sequelize';
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

/** The part of a mysql2 connection the direct path uses (Sequelize's transaction holds one). */
interface Mysql2Connection {
  query(
    options: { sql: string; values: unknown[] },
    callback: (error: (Error & { errno?: number; sql?: string }) | null, result: unknown) => void,
  ): unknown;
  format(sql: string, values: unknown[]): string;
}

const ER_DUP_ENTRY = 1062;
const ER_ROW_IS_REFERENCED = 1451;
const ER_NO_REFERENCED_ROW = 1452;

/**
 * On MySQL/MariaDB, a statement inside a transaction goes straight to the transaction's mysql2 connection: no
 * Sequelize query object, option cloning, hooks, replacement tokenizer or stack capture per statement (most of the
 * placement's client CPU). mysql2 escapes the values into the text (`?`) as Sequelize's replacements do. Errors
 * come back as Sequelize's (unique and foreign-key clashes by their class, the rest as DatabaseError with the
 * server's message, so withTx still sees a deadlock). SQL_TRACE still logs every statement.
 */
function direct<T>(
  sequelize: Sequelize,
  tx: Transaction | undefined,
  sql: string,
  values: unknown[],
): Promise<T> | null {
  if (!tx || isSqlite(sequelize)) return null;
  const connection = (tx as unknown as { connection?: Mysql2Connection }).connection;
  if (!connection) return null;
  const log = (sequelize as unknown as { options: { logging?: unknown } }).options.logging;
  if (typeof log === 'function') {
    const txId = (tx as unknown as { id: string }).id;
    (log as (sql: string) => void)(`Executing (${txId}): ${connection.format(sql, values)}`);
  }
  return new Promise<T>((resolve, reject) => {
    connection.query({ sql, values }, (failure, result) => {
      if (!failure) return resolve(result as T);
      const error = Object.assign(failure, { sql, parameters: values });
      if (error.errno === ER_DUP_ENTRY)
        return reject(new UniqueConstraintError({ parent: error, message: error.message }));
      if (error.errno === ER_ROW_IS_REFERENCED || error.errno === ER_NO_REFERENCED_ROW)
        return reject(new ForeignKeyConstraintError({ parent: error, message: error.message }));
      reject(new DatabaseError(error));
    });
  });
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
  const sql = insertSql(table, columns, rows.length, { ignore: options.ignore, sqlite });
  const values = rows.flat().map((v) => (v instanceof Date ? sqlDate(sequelize, v) : v));
  const header = await direct<{ insertId: number; affectedRows: number }>(sequelize, tx, sql, values);
  if (header) return { firstId: Number(header.insertId), affectedRows: Number(header.affectedRows) };
  const [id, affected] = (await sequelize.query(sql, {
    replacements: values,
    transaction: tx,
    type: QueryTypes.INSERT,
  })) as unknown as [number, number];
  // MySQL answers the first id of the statement, SQLite the last
  const firstId = sqlite ? Number(id) - Number(affected) + 1 : Number(id);
  return { firstId, affectedRows: Number(affected) };
}

/**
 * The text of a multi-row INSERT with a `?` per value. `expressions` puts SQL of the code's own in place of a
 * column's `?` (a statement batch's `@mall_order_id`): never input.
 */
export function insertSql(
  table: string,
  columns: readonly string[],
  rowCount: number,
  options: { ignore?: boolean; sqlite?: boolean; expressions?: Readonly<Record<string, string>> } = {},
): string {
  const verb = options.ignore ? (options.sqlite ? 'INSERT OR IGNORE' : 'INSERT IGNORE') : 'INSERT';
  const tuple = `(${columns.map((c) => options.expressions?.[c] ?? '?').join(', ')})`;
  const names = columns.map((c) => `\`${c}\``).join(', ');
  return `${verb} INTO \`${table}\` (${names}) VALUES ${Array.from({ length: rowCount }, () => tuple).join(', ')}`;
}

/** An UPDATE or DELETE with replacements; answers the rows it changed. */
export async function changeRows(
  sequelize: Sequelize,
  tx: Transaction | undefined,
  sql: string,
  replacements: readonly unknown[],
): Promise<number> {
  const values = replacements.map((v) => (v instanceof Date ? sqlDate(sequelize, v) : v));
  const header = await direct<{ affectedRows: number }>(sequelize, tx, sql, values);
  if (header) return Number(header.affectedRows);
  const affected = await sequelize.query(sql, {
    replacements: values,
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
  const rows = await direct<T[]>(sequelize, tx, sql, [...replacements]);
  if (rows) return rows;
  return sequelize.query<T>(sql, { replacements: [...replacements], transaction: tx, type: QueryTypes.SELECT });
}

/**
 * SQL for the Beijing calendar day ('YYYY-MM-DD') of a UTC timestamp column, for GROUP BY day in reports. China
 * has one zone and no daylight saving, so it is the column plus 8 hours. `column` comes from code, never input.
 */
export function chinaDaySql(sequelize: Sequelize, column: string): string {
  return isSqlite(sequelize)
    ? `strftime('%Y-%m-%d', substr(${column}, 1, 19), '+8 hours')`
    : `DATE_FORMAT(DATE_ADD(${column}, INTERVAL 8 HOUR), '%Y-%m-%d')`;
}
