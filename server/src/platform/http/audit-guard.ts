import { AsyncLocalStorage } from 'node:async_hooks';
import type { Sequelize, Transaction } from 'sequelize';
import { DomainError } from '../errors';

/** The part of the admin actor the guard reads: recordAudit sets `audited` inside the transaction it writes to. */
interface Audited {
  audited: boolean;
}

const currentAdminWrite = new AsyncLocalStorage<{ actor: Audited; what: string }>();
/** Admin writes running now: the storage is switched off while there are none (see runAdminWrite). */
let adminWritesInFlight = 0;

/**
 * Runs an admin write handler so that every transaction it commits is held to the audit rule. On Node 20 an
 * AsyncLocalStorage in use installs promise hooks that tax every promise of the process, members' requests
 * included (5% of a cheap request's CPU); so the storage is on only while an admin write runs, and switched off
 * when the last one ends. Nothing outside an admin write reads it: off, it answers undefined, as it would there.
 */
export async function runAdminWrite<T>(actor: Audited, what: string, handler: () => Promise<T>): Promise<T> {
  adminWritesInFlight += 1;
  try {
    return await currentAdminWrite.run({ actor, what }, handler);
  } finally {
    adminWritesInFlight -= 1;
    if (adminWritesInFlight === 0) currentAdminWrite.disable();
  }
}

export function auditMissing(what: string): DomainError {
  return new DomainError('AUDIT_MISSING', `${what} changed state without an audit record`, 500);
}

const guarded = new WeakSet<Sequelize>();
/** Transactions that changed rows during an admin write: only those need an audit (a locking read does not). */
const wrote = new WeakSet<Transaction>();
const WRITE_SQL = /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i;
type WithParent = Transaction & { parent?: Transaction };

/**
 * An admin write must not commit without its audit record. The handlers open their own transactions (withTx in
 * the use cases), so the check sits at commit: inside an admin write request, a top-level transaction that changed
 * rows while the request had no audit record yet is rolled back with AUDIT_MISSING instead of committed. Outside
 * admin writes (members, jobs, the worker) nothing changes. A write made outside any transaction cannot be taken
 * back; the router still refuses to answer 2xx for it.
 *
 * Wraps this instance's transaction() once; both managed (callback) and unmanaged transactions end in commit().
 */
export function requireAuditBeforeCommit(sequelize: Sequelize): void {
  if (guarded.has(sequelize)) return;
  guarded.add(sequelize);
  sequelize.addHook('afterQuery', (options, query) => {
    const tx = options.transaction as WithParent | null | undefined;
    const sql = (query as unknown as { sql?: string }).sql ?? ''; // set by run(), not in the typings
    if (tx && currentAdminWrite.getStore() && WRITE_SQL.test(sql)) wrote.add(tx.parent ?? tx);
  });
  const original = sequelize.transaction.bind(sequelize) as (...args: unknown[]) => Promise<unknown>;
  const guard = (tx: Transaction): Transaction => {
    const scope = currentAdminWrite.getStore();
    if (!scope || (tx as WithParent).parent) return tx; // savepoints commit nothing
    const commit = tx.commit.bind(tx);
    tx.commit = async () => {
      if (wrote.has(tx) && !scope.actor.audited) {
        await tx.rollback();
        throw auditMissing(scope.what);
      }
      return commit();
    };
    return tx;
  };
  const wrapped = (...args: unknown[]): Promise<unknown> => {
    const callbackAt = args.findIndex((a) => typeof a === 'function');
    if (callbackAt === -1) return original(...args).then((tx) => guard(tx as Transaction));
    const work = args[callbackAt] as (tx: Transaction) => Promise<unknown>;
    const next = [...args];
    next[callbackAt] = (tx: Transaction) => work(guard(tx));
    return original(...next);
  };
  (sequelize as unknown as { transaction: typeof wrapped }).transaction = wrapped;
}
