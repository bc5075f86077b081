import { createPool, format, type Pool, type PoolConnection } from 'mysql2';
import { ForeignKeyConstraintError, UniqueConstraintError, DatabaseError, type Sequelize } from 'sequelize';

/** What a work may do with its transaction's batch (a TransactionBatch, or a SharedSegment below). */
export interface StatementBatch {
  add<T = unknown>(sql: string, values?: readonly unknown[]): Promise<T>;
  query<T = unknown>(sql: string, values?: readonly unknown[]): Promise<T>;
  afterCommit(hook: () => void): void;
  flush(): Promise<void>;
  commit(): Promise<void>;
}

type Queued = { sql: string; settle: (error: Error | null, result?: unknown) => void };

/**
 * A transaction sent as few round trips as possible (MySQL/MariaDB only): statements are queued and go to the
 * server together, as one multi-statement query, when the caller flushes; the first flush opens the transaction
 * in the same packet, and the commit carries whatever was queued since. Each `add` answers a promise of that
 * statement's result (a result header, or rows for a SELECT), settled when its flush comes back: callers queue
 * everything they can, flush once, then look at the results (a conditional UPDATE's affectedRows) and decide.
 *
 * The connections come from a pool of their own with multi-statements enabled; the application's Sequelize pool
 * never accepts a multi-statement text. Values are escaped by mysql2 (`?`), never spliced into the SQL; table and
 * column names and user variables (`@mall_...`) come from the code. A failed statement ends its flush (the server
 * runs nothing after it): the statements after it reject with the same error, the transaction is rolled back.
 */
class TransactionBatch implements StatementBatch {
  private queued: Queued[] = [];
  private readonly commitHooks: (() => void)[] = [];
  private started = false;
  private finished = false;
  private committed = false;
  private round = 0;

  constructor(
    private readonly connection: PoolConnection,
    private readonly log: ((sql: string) => void) | undefined,
  ) {}

  /** Queues one statement; its result arrives with the next flush (or commit). */
  add<T = unknown>(sql: string, values: readonly unknown[] = []): Promise<T> {
    if (this.finished) throw new Error('statement batch already committed or rolled back');
    return queueStatement<T>(this.queued, this.connection.format.bind(this.connection), sql, values);
  }

  /** One statement sent now (with anything queued before it): for the rare paths (a refusal, an alert). */
  async query<T = unknown>(sql: string, values: readonly unknown[] = []): Promise<T> {
    const result = this.add<T>(sql, values);
    await this.flush();
    return result;
  }

  /** Runs once the transaction committed (never after a rollback), as Sequelize's tx.afterCommit. */
  afterCommit(hook: () => void): void {
    this.commitHooks.push(hook);
  }

  /** Sends what is queued (opening the transaction first, the first time) in one round trip. */
  async flush(): Promise<void> {
    if (!this.queued.length && this.started) return;
    const statements = this.queued;
    this.queued = [];
    const head = this.started ? [] : ['START TRANSACTION'];
    this.started = true;
    await this.send(head, statements, []);
  }

  /**
   * Sends what is queued and COMMIT in one round trip (the whole transaction, when nothing was flushed before).
   * A statement that fails stops the text there: nothing after it runs, COMMIT included, and the transaction stays
   * open until the rollback. A work that commits itself (to read every result after one round trip) may: the
   * commit that follows it is then a no-op.
   */
  async commit(): Promise<void> {
    if (this.finished) {
      if (this.committed) return;
      throw new Error('statement batch already rolled back');
    }
    const statements = this.queued;
    this.queued = [];
    this.finished = true;
    const head = this.started ? [] : ['START TRANSACTION'];
    this.started = true;
    await this.send(head, statements, ['COMMIT']);
    this.committed = true;
  }

  /** Whether the COMMIT went through (the after-commit hooks are then owed, whatever the work did afterwards). */
  get isCommitted(): boolean {
    return this.committed;
  }

  /** The after-commit hooks, once committed (a failing hook is its own business: it never undoes the commit). */
  runCommitHooks(): void {
    runHooks(this.commitHooks);
  }

  /** Gives up the transaction (if it was opened); statements still queued reject. */
  async rollback(reason: Error): Promise<void> {
    if (this.committed) return;
    for (const s of this.queued) s.settle(reason);
    this.queued = [];
    this.finished = true;
    if (this.started) await this.send([], [], ['ROLLBACK']);
  }

  private send(head: readonly string[], statements: readonly Queued[], tail: readonly string[]): Promise<void> {
    if (!head.length && !statements.length && !tail.length) return Promise.resolve();
    this.round++;
    return sendText(this.connection, this.log, `batch round trip ${this.round}`, head, statements, tail);
  }
}

/** After-commit hooks in order; a failing hook is its own business and never undoes the commit. */
function runHooks(hooks: readonly (() => void)[]): void {
  for (const hook of hooks) {
    try {
      hook();
    } catch {
      // hooks log their own failures (enqueueAfterCommit, the outbox relay); the sweep covers a lost relay
    }
  }
}

/** Formats one statement (values escaped by mysql2) and queues it; its promise settles with its flush. */
function queueStatement<T>(
  queue: Queued[],
  format: (sql: string, values: unknown[]) => string,
  sql: string,
  values: readonly unknown[],
): Promise<T> {
  const text = format(
    sql,
    // a date as the columns hold it: UTC with its milliseconds (raw-sql.ts sqlDate)
    values.map((v) => (v instanceof Date ? v.toISOString().replace('T', ' ').slice(0, 23) : v)),
  );
  const result = new Promise<T>((resolve, reject) => {
    queue.push({ sql: text, settle: (error, result) => (error ? reject(error) : resolve(result as T)) });
  });
  // a failure also fails the flush that carried it (and rolls back): a result nobody awaits is no crash
  result.catch(() => undefined);
  return result;
}

/** One multi-statement text in one round trip; each queued statement settles with its own result or the failure. */
function sendText(
  connection: PoolConnection,
  log: ((sql: string) => void) | undefined,
  label: string,
  head: readonly string[],
  statements: readonly Queued[],
  tail: readonly string[],
): Promise<void> {
  const texts = [...head, ...statements.map((s) => s.sql), ...tail];
  if (log) for (const text of texts) log(`Executing (${label}): ${text}`);
  return new Promise<void>((resolve, reject) => {
    connection.query(texts.join(';\n'), (failure, results) => {
      if (failure) {
        const error = asSequelizeError(failure as Error & { errno?: number }, texts.join(';\n'));
        for (const s of statements) s.settle(error);
        return reject(error);
      }
      // one statement answers its result alone; several answer an array of results, one per statement
      const all = texts.length === 1 ? [results] : (results as unknown[]);
      statements.forEach((s, i) => s.settle(null, all[head.length + i]));
      resolve();
    });
  });
}

/**
 * Waits for every one of the promises (work sharing a batch must not go on using it once the batch ended), then
 * throws the first failure, if any.
 */
export async function settleAll(promises: readonly Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(promises)).find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
}

const ER_DUP_ENTRY = 1062;
const ER_ROW_IS_REFERENCED = 1451;
const ER_NO_REFERENCED_ROW = 1452;

/** The server's error as Sequelize would have raised it, so callers catch the same classes on both paths. */
function asSequelizeError(failure: Error & { errno?: number }, sql: string): Error {
  const error = Object.assign(failure, { sql, parameters: [] });
  if (error.errno === ER_DUP_ENTRY) return new UniqueConstraintError({ parent: error, message: error.message });
  if (error.errno === ER_ROW_IS_REFERENCED || error.errno === ER_NO_REFERENCED_ROW)
    return new ForeignKeyConstraintError({ parent: error, message: error.message });
  return new DatabaseError(error);
}

const pools = new WeakMap<Sequelize, Pool>();

/** Whether this database takes batched transactions (MySQL/MariaDB); SQLite runs statement by statement. */
export function canBatch(sequelize: Sequelize): boolean {
  return sequelize.getDialect() === 'mysql';
}

/** The batch pool of this Sequelize instance: the same server, user and database, as many connections as its pool. */
function batchPool(sequelize: Sequelize): Pool {
  let pool = pools.get(sequelize);
  if (pool) return pool;
  const config = sequelize.config as unknown as {
    host?: string;
    port?: number | string;
    username?: string;
    password?: string | null;
    database?: string;
    pool?: { max?: number };
  };
  const options = (sequelize as unknown as { options: { pool?: { max?: number } } }).options;
  const connectionLimit = options.pool?.max ?? 20;
  pool = createPool({
    host: config.host,
    port: Number(config.port ?? 3306),
    user: config.username,
    password: config.password ?? undefined,
    database: config.database,
    multipleStatements: true,
    flags: ['-FOUND_ROWS'], // affectedRows counts rows changed, as on Sequelize's connections
    timezone: 'Z',
    supportBigNumbers: true,
    connectionLimit,
    // as Sequelize's pool: a connection idle for 10 s is closed (maxIdle below the limit starts mysql2's reaper)
    maxIdle: Math.max(connectionLimit - 1, 0),
    idleTimeout: 10_000,
  });
  // the same session as Sequelize's connections: UTC
  pool.on('connection', (connection) => connection.query("SET time_zone = '+00:00'"));
  pools.set(sequelize, pool);
  return pool;
}

/** Ends the batch pool (Sequelize's close calls it, see database.ts). */
export async function closeBatchPool(sequelize: Sequelize): Promise<void> {
  const pool = pools.get(sequelize);
  if (!pool) return;
  pools.delete(sequelize);
  await new Promise<void>((resolve) => pool.end(() => resolve()));
}

const RETRYABLE = /ER_LOCK_DEADLOCK|Deadlock found|ER_LOCK_WAIT_TIMEOUT/;

/**
 * One transaction as a statement batch: `work` queues and flushes, and its promise settling commits (sending
 * what is still queued with the COMMIT) or rolls back (when it throws). A deadlock runs the whole work again (at
 * most 5 times), as withTx does.
 */
export async function withStatementBatch<T>(
  sequelize: Sequelize,
  work: (batch: StatementBatch) => Promise<T>,
): Promise<T> {
  const log = loggerOf(sequelize);
  for (let attempt = 1; ; attempt++) {
    try {
      return await once(sequelize, log, work);
    } catch (error) {
      const message = error instanceof Error ? `${error.name} ${error.message}` : String(error);
      if (attempt >= 5 || !RETRYABLE.test(message)) throw error;
      await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
    }
  }
}

/** A connection of the batch pool (released or destroyed by the caller). */
function batchConnection(sequelize: Sequelize): Promise<PoolConnection> {
  return new Promise<PoolConnection>((resolve, reject) =>
    batchPool(sequelize).getConnection((error, c) => (error ? reject(error) : resolve(c))),
  );
}

function loggerOf(sequelize: Sequelize): ((sql: string) => void) | undefined {
  const logging = (sequelize as unknown as { options: { logging?: unknown } }).options.logging;
  return typeof logging === 'function' ? (logging as (sql: string) => void) : undefined;
}

async function once<T>(
  sequelize: Sequelize,
  log: ((sql: string) => void) | undefined,
  work: (batch: StatementBatch) => Promise<T>,
): Promise<T> {
  const connection = await batchConnection(sequelize);
  const batch = new TransactionBatch(connection, log);
  let reusable = true;
  let result: T;
  try {
    result = await work(batch);
    await batch.commit();
  } catch (error) {
    // a work that committed itself and failed afterwards: what committed stays, and so do its after-commit duties
    if (batch.isCommitted) batch.runCommitHooks();
    // a connection whose ROLLBACK failed may still hold the transaction: it is closed, never handed out again
    else
      reusable = await batch.rollback(error instanceof Error ? error : new Error(String(error))).then(
        () => true,
        () => false,
      );
    throw error;
  } finally {
    if (reusable) connection.release();
    else connection.destroy();
  }
  batch.runCommitHooks();
  return result;
}

// ---- group commit: works of the same event-loop turn in one transaction and one round trip ----

/** As a batch pool connection formats (its timezone 'Z'), before a connection is taken. */
const formatForBatch = (sql: string, values: unknown[]) =>
  format(sql, values as Parameters<typeof format>[1], false, 'Z');

/** The statements of one shared work, sent with the others of its turn; flush and query are not for shared works. */
class SharedSegment implements StatementBatch {
  readonly statements: Queued[] = [];
  readonly hooks: (() => void)[] = [];
  /** The shared text committed. */
  committed = false;
  /** The shared text failed where this work alone might not have: it is to be run again alone. */
  runAlone = false;
  joined: Promise<void> | undefined;

  constructor(private readonly join: (segment: SharedSegment) => Promise<void>) {}

  add<T = unknown>(sql: string, values: readonly unknown[] = []): Promise<T> {
    if (this.joined) throw new Error('statement batch already committed');
    return queueStatement<T>(this.statements, formatForBatch, sql, values);
  }

  query<T = unknown>(): Promise<T> {
    return this.notShared();
  }

  flush(): Promise<void> {
    return this.notShared();
  }

  afterCommit(hook: () => void): void {
    this.hooks.push(hook);
  }

  commit(): Promise<void> {
    this.joined ??= this.join(this);
    return this.joined;
  }

  runHooks(): void {
    runHooks(this.hooks);
  }

  private notShared(): Promise<never> {
    // a work that needs a result before its commit cannot share a text: it runs alone
    this.runAlone = true;
    return Promise.reject(new Error('a shared statement batch sends its statements only with its commit'));
  }
}

interface Member {
  segment: SharedSegment;
  order: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** What group commit did in this process: shared texts sent, works they carried, works run again alone. */
export const sharedBatchTotals = { texts: 0, works: 0, ranAlone: 0 };

/** At most this many works share one transaction (a text of about 3 KB each for a placement). */
const MAX_SHARED = 16;
const openGroups = new WeakMap<Sequelize, Member[]>();

/**
 * One transaction as a statement batch that may share its transaction and its round trip with the other works
 * committing in the same event-loop turn (group commit): their statements go in one text, in `order` (the lowest
 * SKU a placement locks, so texts lock rows in ascending order and two groups do not deadlock), START TRANSACTION
 * first and COMMIT last. Each work keeps its own statements and results; all commit together or none. When a
 * shared text fails (a line out of stock, a duplicate request, a deadlock), it is rolled back and each of its
 * works runs again alone (withStatementBatch), where it meets its own answer; a work alone in its text gets its
 * failure as is. The work must queue everything and then commit (no flush or query before: such a work runs
 * alone), and be safe to run again (it only queues statements and after-commit hooks).
 */
export async function withSharedStatementBatch<T>(
  sequelize: Sequelize,
  work: (batch: StatementBatch) => Promise<T>,
  order = 0,
): Promise<T> {
  const segment = new SharedSegment((s) => joinGroup(sequelize, s, order));
  let result: T;
  try {
    result = await work(segment);
    await segment.commit();
  } catch (error) {
    // the shared text's outcome is known only once it settled (its failure reaches statements first)
    await segment.joined?.catch(() => undefined);
    if (segment.committed) {
      segment.runHooks();
      throw error;
    }
    if (segment.runAlone) {
      sharedBatchTotals.ranAlone++;
      return withStatementBatch(sequelize, work);
    }
    throw error;
  }
  segment.runHooks();
  return result;
}

function joinGroup(sequelize: Sequelize, segment: SharedSegment, order: number): Promise<void> {
  let members = openGroups.get(sequelize);
  if (!members || members.length >= MAX_SHARED) {
    const group: Member[] = [];
    members = group;
    openGroups.set(sequelize, group);
    // after this turn's I/O callbacks: the works they committed go together
    setImmediate(() => {
      if (openGroups.get(sequelize) === group) openGroups.delete(sequelize);
      void sendShared(sequelize, group);
    });
  }
  const group = members;
  return new Promise<void>((resolve, reject) => group.push({ segment, order, resolve, reject }));
}

async function sendShared(sequelize: Sequelize, members: Member[]): Promise<void> {
  members.sort((a, b) => a.order - b.order);
  let connection: PoolConnection;
  try {
    connection = await batchConnection(sequelize);
  } catch (error) {
    for (const m of members) {
      for (const s of m.segment.statements) s.settle(error as Error);
      m.reject(error as Error);
    }
    return;
  }
  const statements = members.flatMap((m) => m.segment.statements);
  sharedBatchTotals.texts++;
  sharedBatchTotals.works += members.length;
  const label = members.length === 1 ? 'batch round trip 1' : `shared batch round trip, ${members.length} works`;
  let failure: Error | null = null;
  try {
    await sendText(connection, loggerOf(sequelize), label, ['START TRANSACTION'], statements, ['COMMIT']);
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
  }
  if (!failure) {
    connection.release();
    for (const m of members) {
      m.segment.committed = true;
      m.resolve();
    }
    return;
  }
  const retryable = RETRYABLE.test(`${failure.name} ${failure.message}`);
  for (const m of members) if (members.length > 1 || retryable) m.segment.runAlone = true;
  // rolled back before anyone runs again alone (the rows it locked are free then); a connection whose ROLLBACK
  // failed may still hold the transaction: it is closed, never handed out again
  const rolledBack = await new Promise<boolean>((resolve) => connection.query('ROLLBACK', (e) => resolve(!e)));
  if (rolledBack) connection.release();
  else connection.destroy();
  for (const m of members) m.reject(failure);
}
