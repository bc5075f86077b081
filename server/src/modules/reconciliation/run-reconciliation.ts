import { UniqueConstraintError, type Transaction } from 'sequelize';
import {
  assertTransition,
  reconciliationRunTransitions,
  type ReconciliationChannel,
  type ReconciliationRunStatus,
} from '@mall/shared';
import { AlipayApiError } from '../../integrations/alipay';
import { BillUnavailableError, type PlatformBill } from '../../integrations/platform-bill';
import { WechatPayApiError } from '../../integrations/wechatpay';
import { recordAudit } from '../admin';
import { ledgerByKeys, ledgerOfDay } from '../payments';
import { forUpdate, withTx } from '../../platform/db/database';
import { DomainError } from '../../platform/errors';
import type { AdminActor } from '../../platform/http/api-router';
import { compareBill, sidesOf, type FoundMismatch } from './compare-bill';
import type { ReconciliationDeps } from './reconciliation-deps';
import { ReconciliationMismatch, ReconciliationRun } from './reconciliation.model';

/** A run still `running` after this long was left by a crashed process: the next run takes it over. */
const STALE_RUN_MS = 15 * 60_000;

export type RunTrigger = { kind: 'schedule' } | { kind: 'admin'; actor: AdminActor };

export interface RunOutcome {
  run: ReconciliationRun;
  /** A failure worth trying again later (the bill is not out yet, a network fault). */
  retryable: boolean;
}

/** [00:00, 24:00) of a China calendar day, as instants. */
export function chinaDayWindow(billDate: string): { from: Date; to: Date } {
  const from = new Date(`${billDate}T00:00:00+08:00`);
  return { from, to: new Date(from.getTime() + 86_400_000) };
}

/**
 * Reconciles one channel's bill of one day: takes the (channel, date) run (one row, made or started over), fetches
 * and checks the bill outside any transaction, compares it with our payments and refunds of that day, and writes
 * the result in one transaction that replaces the previous one. A difference found again keeps its resolution.
 * Two runs of one date at once: the second is refused (409) until the first ends or goes stale.
 */
export async function runReconciliation(
  deps: ReconciliationDeps,
  channel: ReconciliationChannel,
  billDate: string,
  trigger: RunTrigger,
): Promise<RunOutcome> {
  const started = await startRun(deps, channel, billDate, trigger);
  let bill: PlatformBill;
  try {
    bill = await fetchBill(deps, channel, billDate);
  } catch (error) {
    const failure = describeFailure(error);
    deps.logger.warn({ channel, billDate, code: failure.code }, 'reconciliation: no usable bill');
    const run = await finishRun(deps, started, (run, tx) =>
      settle(run, 'failed', { errorCode: failure.code, errorMessage: failure.message.slice(0, 300) }, tx),
    );
    return { run, retryable: failure.retryable };
  }

  const { from, to } = chinaDayWindow(billDate);
  const ourDay = await ledgerOfDay(channel, from, to);
  const ourKnown = await ledgerByKeys(channel, {
    outTradeNos: bill.rows.filter((r) => r.kind === 'payment').map((r) => r.outTradeNo),
    refundNos: bill.rows.filter((r) => r.kind === 'refund').map((r) => r.refundNo ?? ''),
  });
  const found = compareBill(bill.rows, ourDay, ourKnown);
  const run = await finishRun(deps, started, async (run, tx) => {
    await replaceMismatches(run, found, tx);
    await settle(
      run,
      found.length ? 'mismatched' : 'balanced',
      { ...sidesOf(bill.rows, ourDay), mismatchCount: found.length, errorCode: null, errorMessage: null },
      tx,
    );
  });
  deps.logger.info({ channel, billDate, status: run.status, mismatches: found.length }, 'reconciliation done');
  return { run, retryable: false };
}

async function startRun(
  deps: ReconciliationDeps,
  channel: ReconciliationChannel,
  billDate: string,
  trigger: RunTrigger,
): Promise<{ id: number; runCount: number }> {
  const triggeredBy = trigger.kind === 'admin' ? `admin:${trigger.actor.username}` : 'schedule';
  try {
    return await withTx(deps.sequelize, async (tx) => {
      const now = new Date();
      let run = await ReconciliationRun.findOne({ where: { channel, billDate }, ...forUpdate(tx) });
      const before = run ? { status: run.status, runCount: run.runCount } : null;
      if (run?.status === 'running' && now.getTime() - run.startedAt.getTime() < STALE_RUN_MS) {
        throw new DomainError('RECONCILIATION_RUNNING', `The ${channel} bill of ${billDate} is being reconciled`, 409);
      }
      if (run) {
        assertTransition('reconciliation run', reconciliationRunTransitions, run.status, 'running');
        await run.update(
          { status: 'running', triggeredBy, runCount: run.runCount + 1, startedAt: now, finishedAt: null },
          { transaction: tx },
        );
      } else {
        run = await ReconciliationRun.create(
          { channel, billDate, status: 'running', triggeredBy, runCount: 1, startedAt: now },
          { transaction: tx },
        );
      }
      if (trigger.kind === 'admin') {
        await recordAudit(
          trigger.actor,
          {
            action: 'reconciliation.run',
            targetType: 'reconciliation_run',
            targetId: `${channel}:${billDate}`,
            before,
            after: { status: 'running', runCount: run.runCount },
          },
          tx,
        );
      }
      return { id: run.id, runCount: run.runCount };
    });
  } catch (error) {
    // the same date's first run made by two callers at once: one made the row, the other finds it running
    if (error instanceof UniqueConstraintError) {
      throw new DomainError('RECONCILIATION_RUNNING', `The ${channel} bill of ${billDate} is being reconciled`, 409);
    }
    throw error;
  }
}

function fetchBill(deps: ReconciliationDeps, channel: ReconciliationChannel, billDate: string): Promise<PlatformBill> {
  if (channel === 'wechatpay') return deps.wechatpay.tradeBill(billDate);
  if (!deps.alipay) throw new BillUnavailableError('CHANNEL_DISABLED', 'Alipay is not configured', false);
  return deps.alipay.tradeBill(billDate);
}

function describeFailure(error: unknown): { code: string; message: string; retryable: boolean } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof BillUnavailableError) return { code: error.code, message, retryable: error.retryable };
  if (error instanceof WechatPayApiError) {
    return { code: error.code, message, retryable: error.httpStatus === 0 || error.httpStatus >= 500 };
  }
  if (error instanceof AlipayApiError) {
    return { code: error.code, message, retryable: error.code === 'NETWORK_ERROR' || error.code.includes('SYSTEM') };
  }
  return { code: 'UNEXPECTED_ERROR', message, retryable: true };
}

/** The closing transaction, unless a newer run of the same date took the row over meanwhile (then it wins). */
async function finishRun(
  deps: ReconciliationDeps,
  started: { id: number; runCount: number },
  write: (run: ReconciliationRun, tx: Transaction) => Promise<void>,
): Promise<ReconciliationRun> {
  return withTx(deps.sequelize, async (tx) => {
    const run = await ReconciliationRun.findByPk(started.id, forUpdate(tx));
    if (!run) throw new Error(`reconciliation run ${started.id} vanished`);
    if (run.runCount !== started.runCount || run.status !== 'running') return run;
    await write(run, tx);
    return run;
  });
}

async function settle(
  run: ReconciliationRun,
  to: ReconciliationRunStatus,
  fields: Partial<ReconciliationRun['_creationAttributes']>,
  tx: Transaction,
) {
  assertTransition('reconciliation run', reconciliationRunTransitions, run.status, to);
  await run.update({ ...fields, status: to, finishedAt: new Date() }, { transaction: tx });
}

interface MismatchIdentity {
  kind: string;
  subject: string;
  outTradeNo: string;
  refundNo: string | null;
  ourAmountFen: number | null;
  theirAmountFen: number | null;
  ourStatus: string | null;
  theirStatus: string | null;
}

/** The same difference as an earlier run found: same row, same kind, same amounts and statuses on both sides. */
const identity = (m: MismatchIdentity) =>
  JSON.stringify([
    m.kind,
    m.subject,
    m.outTradeNo,
    m.refundNo,
    m.ourAmountFen,
    m.theirAmountFen,
    m.ourStatus,
    m.theirStatus,
  ]);

async function replaceMismatches(run: ReconciliationRun, found: FoundMismatch[], tx: Transaction) {
  const earlier = await ReconciliationMismatch.findAll({ where: { runId: run.id }, transaction: tx });
  const resolved = new Map(earlier.filter((m) => m.status === 'resolved').map((m) => [identity(m), m]));
  await ReconciliationMismatch.destroy({ where: { runId: run.id }, transaction: tx });
  await ReconciliationMismatch.bulkCreate(
    found.map((m) => {
      const kept = resolved.get(identity(m));
      return {
        ...m,
        runId: run.id,
        channel: run.channel,
        billDate: run.billDate,
        status: kept ? 'resolved' : 'open',
        resolutionNote: kept?.resolutionNote ?? null,
        resolvedById: kept?.resolvedById ?? null,
        resolvedByName: kept?.resolvedByName ?? null,
        resolvedAt: kept?.resolvedAt ?? null,
      };
    }),
    { transaction: tx },
  );
}
