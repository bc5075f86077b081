import type { Sequelize } from 'sequelize';
import { chinaDaySql, selectRows, sqlDate } from '../../platform/db/raw-sql';

/** One entry of the journal with its transaction and account: what an auditor reads line by line. */
export interface JournalEntryView {
  entryId: number;
  at: Date;
  transactionId: number;
  transactionKey: string;
  kind: string;
  memo: string | null;
  subjectType: string | null;
  subjectId: string | null;
  accountCode: string;
  accountKind: string;
  memberId: number | null;
  amountFen: number;
  balanceAfterFen: number;
}

export interface JournalFilter {
  from: Date;
  to: Date;
  /** Entries after this id (keyset paging: an export walks the journal without holding it). */
  afterId?: number;
  limit: number;
  accountKinds?: readonly string[];
  accountCode?: string;
  memberId?: number;
  transactionKinds?: readonly string[];
}

interface JournalRow {
  entryId: number | string;
  at: Date | string;
  transactionId: number | string;
  transactionKey: string;
  kind: string;
  memo: string | null;
  subjectType: string | null;
  subjectId: string | null;
  accountCode: string;
  accountKind: string;
  memberId: number | string | null;
  amountFen: number | string;
  balanceAfterFen: number | string;
}

const inList = (values: readonly unknown[]) => values.map(() => '?').join(', ');

/** Journal entries whose transaction falls in [from, to), in entry order, at most `limit`. */
export async function journalPage(sequelize: Sequelize, f: JournalFilter): Promise<JournalEntryView[]> {
  const where = ['t.created_at >= ?', 't.created_at < ?', 'e.id > ?'];
  const values: unknown[] = [sqlDate(sequelize, f.from), sqlDate(sequelize, f.to), f.afterId ?? 0];
  if (f.accountKinds?.length) {
    where.push(`a.kind IN (${inList(f.accountKinds)})`);
    values.push(...f.accountKinds);
  }
  if (f.transactionKinds?.length) {
    where.push(`t.kind IN (${inList(f.transactionKinds)})`);
    values.push(...f.transactionKinds);
  }
  if (f.accountCode) {
    where.push('a.code = ?');
    values.push(f.accountCode);
  }
  if (f.memberId) {
    where.push('a.member_id = ?');
    values.push(f.memberId);
  }
  const rows = await selectRows<JournalRow>(
    sequelize,
    undefined,
    `SELECT e.id AS entryId, t.created_at AS at, t.id AS transactionId, t.idempotency_key AS transactionKey,
            t.kind AS kind, t.memo AS memo, t.subject_type AS subjectType, t.subject_id AS subjectId,
            a.code AS accountCode, a.kind AS accountKind, a.member_id AS memberId,
            e.amount_fen AS amountFen, e.balance_after_fen AS balanceAfterFen
       FROM ledger_entries e
       JOIN ledger_transactions t ON t.id = e.transaction_id
       JOIN ledger_accounts a ON a.id = e.account_id
      WHERE ${where.join(' AND ')}
      ORDER BY e.id ASC
      LIMIT ${Math.max(1, Math.floor(f.limit))}`,
    values,
  );
  return rows.map((r) => ({
    entryId: Number(r.entryId),
    at: new Date(r.at),
    transactionId: Number(r.transactionId),
    transactionKey: r.transactionKey,
    kind: r.kind,
    memo: r.memo,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    accountCode: r.accountCode,
    accountKind: r.accountKind,
    memberId: r.memberId === null ? null : Number(r.memberId),
    amountFen: Number(r.amountFen),
    balanceAfterFen: Number(r.balanceAfterFen),
  }));
}

/** The sum of one kind of transaction on one kind of member account, per member and Beijing day. */
export interface MemberFlowView {
  memberId: number;
  day: string;
  kind: string;
  accountKind: string;
  amountFen: number;
}

interface FlowRow {
  memberId: number | string;
  day: string;
  kind: string;
  accountKind: string;
  amountFen: number | string;
}

const toFlow = (r: FlowRow): MemberFlowView => ({
  memberId: Number(r.memberId),
  day: r.day,
  kind: r.kind,
  accountKind: r.accountKind,
  amountFen: Number(r.amountFen),
});

/**
 * What moved on members' accounts in [from, to), summed per member, Beijing day, transaction kind and account
 * kind (signed: + into the account).
 */
export async function memberFlowsByDay(
  sequelize: Sequelize,
  range: { from: Date; to: Date; memberId?: number },
): Promise<MemberFlowView[]> {
  const day = chinaDaySql(sequelize, 't.created_at');
  const values: unknown[] = [sqlDate(sequelize, range.from), sqlDate(sequelize, range.to)];
  if (range.memberId) values.push(range.memberId);
  const rows = await selectRows<FlowRow>(
    sequelize,
    undefined,
    `SELECT a.member_id AS memberId, ${day} AS day, t.kind AS kind, a.kind AS accountKind,
            SUM(e.amount_fen) AS amountFen
       FROM ledger_entries e
       JOIN ledger_transactions t ON t.id = e.transaction_id
       JOIN ledger_accounts a ON a.id = e.account_id
      WHERE a.member_id IS NOT NULL AND t.created_at >= ? AND t.created_at < ?
            ${range.memberId ? 'AND a.member_id = ?' : ''}
      GROUP BY a.member_id, ${day}, t.kind, a.kind`,
    values,
  );
  return rows.map(toFlow);
}

/**
 * Transactions that touch no member account but close a subject a member opened (a payout closes the withdrawal
 * whose request took the member's money): per member and Beijing day of the closing transaction, the member's side
 * of the opening transaction (signed, as it was posted), under the closing kind.
 */
export async function memberFlowsClosedBy(
  sequelize: Sequelize,
  range: { from: Date; to: Date; memberId?: number },
  kinds: { closing: string; opening: string; subjectType: string },
): Promise<MemberFlowView[]> {
  const day = chinaDaySql(sequelize, 'c.created_at');
  const values: unknown[] = [
    kinds.subjectType,
    kinds.opening,
    kinds.closing,
    sqlDate(sequelize, range.from),
    sqlDate(sequelize, range.to),
  ];
  if (range.memberId) values.push(range.memberId);
  const rows = await selectRows<FlowRow>(
    sequelize,
    undefined,
    `SELECT a.member_id AS memberId, ${day} AS day, c.kind AS kind, a.kind AS accountKind,
            SUM(e.amount_fen) AS amountFen
       FROM ledger_transactions c
       JOIN ledger_transactions o ON o.subject_type = ? AND o.subject_id = c.subject_id AND o.kind = ?
       JOIN ledger_entries e ON e.transaction_id = o.id
       JOIN ledger_accounts a ON a.id = e.account_id AND a.member_id IS NOT NULL
      WHERE c.kind = ? AND c.created_at >= ? AND c.created_at < ?
            ${range.memberId ? 'AND a.member_id = ?' : ''}
      GROUP BY a.member_id, ${day}, c.kind, a.kind`,
    values,
  );
  return rows.map(toFlow);
}
