import { Op, type Transaction } from 'sequelize';
import { assertTransition, statementTransitions, type StatementStatus } from '@mall/shared';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { DomainError, NotFoundError } from '../../platform/errors';
import { chinaDay } from '../../platform/china-day';
import { accountBalance, openLedgerAccounts, postLedger } from '../ledger';
import { availableOf, receivableOf, settlingOf } from './accounts';
import { commissionView } from './commission-views';
import { Commission, SettlementStatement } from './distribution.model';
import { currentPolicy } from './policy';

type Deps = Pick<PlatformDeps, 'sequelize' | 'config'>;
const DAY_MS = 86_400_000;

/**
 * Where the cycle that has just ended ends: the 1st of the month (monthly) or Monday (weekly), 00:00 Beijing time,
 * at or before `now`.
 */
export function cycleEnd(cycle: 'weekly' | 'monthly', now: Date): Date {
  const day = chinaDay(now);
  if (cycle === 'monthly') return new Date(`${day.slice(0, 7)}-01T00:00:00+08:00`);
  const sinceMonday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return new Date(new Date(`${day}T00:00:00+08:00`).getTime() - sinceMonday * DAY_MS);
}

/** `ST` + the cycle end in Beijing time to the second + `M` + the member: one per member and cycle end. */
const statementNo = (memberId: number, periodEnd: Date) => {
  const local = new Date(periodEnd.getTime() + 8 * 3_600_000).toISOString(); // Beijing's calendar fields
  return `ST${local.slice(0, 19).replace(/[-T:]/g, '')}M${memberId}`;
};

/**
 * Closes a cycle: every distributor with commission released before `periodEnd` and not yet on a statement gets
 * one statement (unique per member and period end: a re-run adds nothing; commission released late joins the next).
 * Answers how many statements were made.
 */
export async function closeStatements(
  deps: Deps,
  periodEnd: Date,
  /** Called in each statement's transaction (an admin's close records its audit there). */
  onMade?: (statement: StatementView, t: Transaction) => Promise<void>,
): Promise<number> {
  const pending = await Commission.findAll({
    attributes: ['beneficiaryId'],
    where: { status: 'released', statementId: { [Op.is]: null }, releasedAt: { [Op.lt]: periodEnd } },
    group: ['beneficiaryId'],
  });
  let made = 0;
  for (const { beneficiaryId: memberId } of pending) {
    await withTx(deps.sequelize, async (t) => {
      const no = statementNo(memberId, periodEnd);
      const existing = await SettlementStatement.findOne({ where: { statementNo: no }, transaction: t });
      if (existing) return;
      const lines = await Commission.findAll({
        where: {
          beneficiaryId: memberId,
          status: 'released',
          statementId: { [Op.is]: null },
          releasedAt: { [Op.lt]: periodEnd },
        },
        lock: t.LOCK.UPDATE,
        transaction: t,
      });
      if (lines.length === 0) return;
      const statement = await SettlementStatement.create(
        {
          statementNo: no,
          memberId,
          periodEnd,
          totalFen: lines.reduce((sum, c) => sum + c.amountFen - c.reversedFen, 0),
          lineCount: lines.length,
          status: 'open',
          disputeReason: null,
          confirmedBy: null,
          confirmedAt: null,
          note: null,
        },
        { transaction: t },
      );
      await Commission.update({ statementId: statement.id }, { where: { id: lines.map((c) => c.id) }, transaction: t });
      await onMade?.(statementView(statement), t);
      made += 1;
    });
  }
  return made;
}

/**
 * Confirms a statement (the distributor, an admin resolving a dispute, or the system after the policy's days):
 * what its lines still hold moves from settling to available, paying off first what the member owes from earlier
 * reversals; the lines are settled. Keyed by the statement: confirming twice changes nothing.
 */
async function confirm(
  statement: SettlementStatement,
  by: string,
  note: string | null,
  t: Transaction,
): Promise<SettlementStatement> {
  assertTransition('statement', statementTransitions, statement.status, 'confirmed');
  const lines = await Commission.findAll({
    where: { statementId: statement.id, status: 'released' },
    lock: t.LOCK.UPDATE,
    transaction: t,
  });
  const settledFen = lines.reduce((sum, c) => sum + c.amountFen - c.reversedFen, 0);
  const member = statement.memberId;
  if (settledFen > 0) {
    // the member's accounts locked in the ledger's order before deciding how much repays a debt
    await accountBalance(availableOf(member), t, true);
    const owedFen = Math.max(0, -(await accountBalance(receivableOf(member), t, true)));
    const repayFen = Math.min(owedFen, settledFen);
    await postLedger(t, {
      key: `statement:confirm:${statement.id}`,
      kind: 'statement_confirmed',
      memo: statement.statementNo,
      subject: { type: 'settlement_statement', id: statement.id },
      entries: [
        { account: settlingOf(member), amountFen: -settledFen },
        ...(settledFen - repayFen > 0 ? [{ account: availableOf(member), amountFen: settledFen - repayFen }] : []),
        ...(repayFen > 0 ? [{ account: receivableOf(member), amountFen: repayFen }] : []),
      ],
    });
  }
  for (const c of lines) await c.update({ status: 'settled' }, { transaction: t });
  await statement.update(
    { status: 'confirmed', settledFen, confirmedBy: by, confirmedAt: new Date(), note },
    { transaction: t },
  );
  return statement;
}

async function lockStatement(no: string, memberId: number | null, t: Transaction) {
  const statement = await SettlementStatement.findOne({
    where: { statementNo: no, ...(memberId === null ? {} : { memberId }) },
    lock: t.LOCK.UPDATE,
    transaction: t,
  });
  if (!statement) throw new NotFoundError('Statement', 'statementNo');
  return statement;
}

async function openAccountsOf(memberId: number) {
  await openLedgerAccounts([settlingOf(memberId), availableOf(memberId), receivableOf(memberId)]);
}

/** The distributor confirms their statement; confirming a confirmed one answers it as it is. */
export async function confirmStatement(deps: Deps, no: string, memberId: number) {
  await openAccountsOf(memberId);
  return withTx(deps.sequelize, async (t) => {
    const statement = await lockStatement(no, memberId, t);
    if (statement.status === 'confirmed') return statementView(statement);
    if (statement.status === 'disputed')
      throw new DomainError('STATEMENT_DISPUTED', 'This statement is disputed: the shop resolves it', 409);
    return statementView(await confirm(statement, `member:${memberId}`, null, t));
  });
}

/** The distributor disputes their statement, saying why; the shop looks into it and resolves it. */
export async function disputeStatement(deps: Deps, no: string, memberId: number, reason: string) {
  return withTx(deps.sequelize, async (t) => {
    const statement = await lockStatement(no, memberId, t);
    if (statement.status === 'disputed') return statementView(statement);
    assertTransition('statement', statementTransitions, statement.status, 'disputed');
    await statement.update({ status: 'disputed', disputeReason: reason }, { transaction: t });
    return statementView(statement);
  });
}

/** An admin resolves a dispute (or confirms an open statement for the member), with a note; audited by the route. */
export async function resolveStatement(deps: Deps, no: string, admin: string, note: string, t: Transaction) {
  const statement = await lockStatement(no, null, t);
  const before = statementView(statement);
  if (statement.status === 'confirmed') return { before, after: before };
  await openAccountsOf(statement.memberId);
  return { before, after: statementView(await confirm(statement, admin, note, t)) };
}

/** Statements nobody answered within the policy's days are confirmed (the dispute window closed). */
export async function autoConfirmStatements(deps: Deps, now: Date): Promise<number> {
  const days = (await currentPolicy(deps)).statementAutoConfirmDays;
  const due = await SettlementStatement.findAll({
    attributes: ['statementNo', 'memberId'],
    where: { status: 'open', createdAt: { [Op.lte]: new Date(now.getTime() - days * DAY_MS) } },
    limit: 1_000,
  });
  let confirmed = 0;
  for (const { statementNo: no, memberId } of due) {
    await openAccountsOf(memberId);
    await withTx(deps.sequelize, async (t) => {
      const statement = await lockStatement(no, memberId, t);
      if (statement.status !== 'open') return;
      await confirm(statement, 'system', `confirmed after ${days} days without an answer`, t);
      confirmed += 1;
    });
  }
  return confirmed;
}

export interface StatementView {
  statementNo: string;
  memberId: number;
  periodEnd: string;
  totalFen: number;
  settledFen: number;
  lineCount: number;
  status: StatementStatus;
  disputeReason: string | null;
  confirmedBy: string | null;
  confirmedAt: string | null;
  note: string | null;
  createdAt: string;
}

export function statementView(s: SettlementStatement): StatementView {
  return {
    statementNo: s.statementNo,
    memberId: s.memberId,
    periodEnd: s.periodEnd.toISOString(),
    totalFen: s.totalFen,
    settledFen: s.settledFen,
    lineCount: s.lineCount,
    status: s.status,
    disputeReason: s.disputeReason,
    confirmedBy: s.confirmedBy,
    confirmedAt: s.confirmedAt ? s.confirmedAt.toISOString() : null,
    note: s.note,
    createdAt: s.createdAt.toISOString(),
  };
}

export async function listStatements(query: {
  memberId?: number;
  status?: StatementStatus;
  page: number;
  pageSize: number;
}) {
  const { rows, count } = await SettlementStatement.findAndCountAll({
    where: {
      ...(query.memberId ? { memberId: query.memberId } : {}),
      ...(query.status ? { status: query.status } : {}),
    },
    order: [['id', 'DESC']],
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { items: rows.map(statementView), total: count, page: query.page, pageSize: query.pageSize };
}

/** One statement with its lines (a member's own only). */
export async function getStatement(no: string, memberId: number | null) {
  const statement = await SettlementStatement.findOne({
    where: { statementNo: no, ...(memberId === null ? {} : { memberId }) },
  });
  if (!statement) throw new NotFoundError('Statement', 'statementNo');
  const lines = await Commission.findAll({ where: { statementId: statement.id }, order: [['id', 'ASC']] });
  return { ...statementView(statement), lines: lines.map(commissionView) };
}
