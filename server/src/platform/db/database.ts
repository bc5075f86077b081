import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Sequelize, Transaction } from 'sequelize';
import { closeBatchPool } from './statement-batch';

export type { Transaction };

const POOL_MAX = 20;
/**
 * Sequelize sends a statement with bind parameters (creates, updates) as a server-side prepared statement, and
 * writes a WHERE list into its text (`id IN (4, 5)`), so such updates are statements of their own, one per list.
 * mysql2 keeps each one prepared on its connection, up to 16,000 a connection by default, while the server allows
 * 16,382 in all (max_prepared_stmt_count): a pool of long-lived connections under steady writes (the outbox
 * relay marked every batch it sent this way) would fill the server's count, and from then on every prepare on
 * that server fails (ER 1461), ours and any other client's. Kept to the last 64 a connection (the least recently
 * used is closed): 1,280 for a process's pool.
 */
export const PREPARED_PER_CONNECTION = 64;

/**
 * MySQL/MariaDB in test and production; a SQLite file for the quickstart. SQLite ignores FOR UPDATE, so
 * its transactions start IMMEDIATE (one writer at a time) and a busy database is retried instead of failing.
 */
export function createSequelize(databaseUrl: string, logSql?: (sql: string) => void): Sequelize {
  const common = { logging: logSql ?? (false as const), define: { underscored: true, timestamps: true } };
  if (databaseUrl.startsWith('sqlite:')) {
    const storage = databaseUrl.slice('sqlite:'.length);
    if (storage !== ':memory:') mkdirSync(path.dirname(storage), { recursive: true });
    return withoutStackPerQuery(
      new Sequelize({
        ...common,
        dialect: 'sqlite',
        storage,
        transactionType: Transaction.TYPES.IMMEDIATE,
        retry: { match: [/SQLITE_BUSY/], max: 30 },
      }),
    );
  }
  return withBatchPoolClosed(
    new Sequelize(databaseUrl.replace(/^mariadb:/, 'mysql:'), {
      ...common,
      dialect: 'mysql',
      // handed over rather than required by name inside Sequelize, so the production bundle carries the driver
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      dialectModule: require('mysql2'),
      timezone: '+00:00',
      pool: { max: POOL_MAX, min: 0, idle: 10_000, acquire: 30_000 },
      dialectOptions: { supportBigNumbers: true, dateStrings: false, maxPreparedStatements: PREPARED_PER_CONNECTION },
      // deadlocks under contention are retried by Sequelize for single queries; transactions retry in withTx
    }),
  );
}

/** Closing the Sequelize instance also ends the pool of its statement batches (statement-batch.ts). */
function withBatchPoolClosed(sequelize: Sequelize): Sequelize {
  const close = sequelize.close.bind(sequelize);
  sequelize.close = async () => {
    await closeBatchPool(sequelize);
    return close();
  };
  return sequelize;
}

const PATCHED = Symbol('stackless sqlite queries');
type QueryClass = { prototype: { run(sql: string, parameters?: unknown): Promise<unknown>; [PATCHED]?: true } };

/**
 * Sequelize's SQLite dialect makes an Error before every query and reads its `stack` after every one, failed
 * or not (sequelize 6, lib/dialects/sqlite/query.js `run`), to give a failed query the caller's stack. Reading a
 * stack formats it, and under tsx every frame goes through the source map: about a tenth of a quickstart
 * request's CPU. The Error is made synchronously inside `run`, so running it with no stack frames captured
 * makes that read cheap. The price: a failed SQLite query's error carries no JavaScript stack (its message and
 * SQL still say what failed). MySQL's dialect reads the stack only on failure and is left alone.
 */
function withoutStackPerQuery(sequelize: Sequelize): Sequelize {
  const Query = (sequelize as unknown as { dialect: { Query: QueryClass } }).dialect.Query;
  if (Query.prototype[PATCHED]) return sequelize;
  const run = Query.prototype.run;
  Query.prototype.run = function (this: unknown, sql: string, parameters?: unknown) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return run.call(this, sql, parameters);
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
  Query.prototype[PATCHED] = true;
  return sequelize;
}

export function isSqlite(sequelize: Sequelize): boolean {
  return sequelize.getDialect() === 'sqlite';
}

/** Row lock for read-modify-write inside a transaction (a no-op on SQLite, whose writers are serialized). */
export function forUpdate(tx: Transaction): { transaction: Transaction; lock: Transaction['LOCK']['UPDATE'] } {
  return { transaction: tx, lock: tx.LOCK.UPDATE };
}

const RETRYABLE = /ER_LOCK_DEADLOCK|Deadlock found|SQLITE_BUSY|ER_LOCK_WAIT_TIMEOUT/;

/**
 * One state change, one transaction. Side effects are registered with tx.afterCommit and run only once the
 * commit succeeded. A deadlock rolls everything back and the whole use case runs again (at most 5 times).
 */
export async function withTx<T>(sequelize: Sequelize, work: (tx: Transaction) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await sequelize.transaction((tx) => work(tx));
    } catch (error) {
      const message = error instanceof Error ? `${error.name} ${error.message}` : String(error);
      if (attempt >= 5 || !RETRYABLE.test(message)) throw error;
      await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
    }
  }
}
