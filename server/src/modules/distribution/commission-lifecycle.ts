import { Op, type Transaction } from 'sequelize';
import {
  assertTransition,
  commissionReversal,
  commissionTransitions,
  computeLineCommission,
  type CommissionOverride,
  type CommissionParty,
} from '@mall/shared';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import type { OrderRefundApplied, OrderStatusChanged } from '../../platform/events/domain-events';
import { accountBalance, openLedgerAccounts, postLedger } from '../ledger';
import { availableOf, expense, frozenOf, receivableOf, settlingOf } from './accounts';
import { overridesOf } from './commission-overrides';
import { partiesOf } from './distributors';
import { currentPolicy } from './policy';
import { Commission, CommissionLineRefund, CommissionReversal } from './distribution.model';

type Deps = Pick<PlatformDeps, 'sequelize' | 'config' | 'queues' | 'logger'>;

const DAY_MS = 86_400_000;
export const RELEASE_JOB = 'release-commissions';

/**
 * The rule a line's commission was computed with, kept on each of its rows: the rate (or fixed amount per unit)
 * each level got and the cap, so later refunds are reversed by the rules of that day.
 */
interface LineRule {
  levels: number;
  capBps: number;
  override: CommissionOverride;
}

/**
 * Paid: each line's commission, per level, accrues frozen (keyed by line and level: a redelivered event posts
 * nothing twice). Computed on each line's paid share from the order event, with the buyer's referrer chain frozen
 * at placement and the distributors' standing now.
 */
export async function accrueOrderCommission(deps: Deps, order: OrderStatusChanged): Promise<number> {
  const policy = await currentPolicy(deps);
  if (order.referrerChain.length === 0 && !policy.selfPurchase) return 0;
  const parties = await partiesOf(policy, [order.memberId, ...order.referrerChain]);
  const uplines = order.referrerChain.map((id) => parties.get(id)!);
  const buyer = parties.get(order.memberId)!;
  const overridesFor = await overridesOf(order.lines);
  /** Each line's commission on what it keeps after the refunds already seen (none, usually: paid comes first). */
  const plan = (refundedByLine: ReadonlyMap<number, number>) =>
    order.lines
      .filter((line) => line.paidFen > 0)
      .map((line) => {
        const overrides = overridesFor(line);
        const refundedFen = Math.min(line.paidFen, refundedByLine.get(line.orderLineId) ?? 0);
        const result = computeLineCommission(policy, {
          paidFen: line.paidFen,
          refundedFen,
          quantity: line.quantity,
          buyer,
          uplines,
          skuOverride: overrides.sku,
          productOverride: overrides.product,
        });
        const effective = [overrides.sku, overrides.product].find((o) => o && o.mode !== 'none');
        const rule: LineRule = {
          levels: policy.levels,
          capBps: policy.lineCapBps,
          // a fixed amount per unit as set on the product or SKU; else the rate each level got (an override's, or
          // its earner's grade), 0 for a level that earned nothing
          override:
            effective?.mode === 'fixed'
              ? effective
              : {
                  mode: 'rate',
                  rateBps: Array.from(
                    { length: policy.levels },
                    (_, i) => result.shares.find((s) => s.level === i + 1)?.rateBps ?? 0,
                  ),
                },
        };
        return { line, refundedFen, shares: result.shares, rule };
      })
      .filter((p) => p.shares.length > 0);
  const unrefunded = plan(new Map());
  if (unrefunded.length === 0) return 0;

  // opened before the transaction for every earner the line could pay (refunds only ever take earners away)
  await openLedgerAccounts([expense, ...unrefunded.flatMap((p) => p.shares.map((s) => frozenOf(s.memberId)))]);
  const accruedAt = order.paidAt ? new Date(order.paidAt) : new Date();
  let accrued = 0;
  await withTx(deps.sequelize, async (t) => {
    // a locking read: a refund the reversal listener is recording now either commits first (and is counted here)
    // or waits for this transaction (and then finds the commission to take back)
    const seen = await CommissionLineRefund.findAll({
      where: { orderLineId: order.lines.map((l) => l.orderLineId) },
      lock: t.LOCK.UPDATE,
      transaction: t,
    });
    // accrued before (a redelivered event): left as it is, even if a refund came since (its reversal takes it back)
    const done = new Set(
      (
        await Commission.findAll({
          attributes: ['orderLineId', 'level'],
          where: { orderLineId: order.lines.map((l) => l.orderLineId) },
          transaction: t,
        })
      ).map((c) => `${c.orderLineId}:${c.level}`),
    );
    const refundedByLine = new Map<number, number>();
    for (const r of seen) refundedByLine.set(r.orderLineId, (refundedByLine.get(r.orderLineId) ?? 0) + r.refundFen);
    for (const { line, refundedFen, shares, rule } of refundedByLine.size ? plan(refundedByLine) : unrefunded) {
      for (const share of shares) {
        if (done.has(`${line.orderLineId}:${share.level}`)) continue;
        const posted = await postLedger(t, {
          key: `commission:accrue:${line.orderLineId}:${share.level}`,
          kind: 'commission_accrued',
          memo: `${order.orderNo} L${share.level}`,
          subject: { type: 'order_line', id: line.orderLineId },
          entries: [
            { account: expense, amountFen: -share.amountFen },
            { account: frozenOf(share.memberId), amountFen: share.amountFen },
          ],
        });
        if (posted.replayed) continue;
        const created = await Commission.create(
          {
            orderId: order.orderId,
            orderNo: order.orderNo,
            orderLineId: line.orderLineId,
            level: share.level,
            beneficiaryId: share.memberId,
            buyerId: order.memberId,
            productId: line.productId,
            skuId: line.skuId,
            quantity: line.quantity,
            linePaidFen: line.paidFen,
            lineRefundedFen: refundedFen,
            ruleJson: JSON.stringify(rule),
            rateBps: share.rateBps,
            capBps: rule.capBps,
            amountFen: share.amountFen,
            status: 'frozen',
            accruedAt,
            releaseAt: null,
            orderCompletedAt: null,
            releasedAt: null,
          },
          { transaction: t },
        );
        // the refunds counted here are done for this commission: their own reversal, if it comes, takes nothing more
        for (const r of seen.filter((x) => x.orderLineId === line.orderLineId))
          await CommissionReversal.create(
            { commissionId: created.id, refundNo: r.refundNo, amountFen: 0, takenFrom: 'frozen' },
            { transaction: t },
          );
        accrued += 1;
      }
    }
  });
  return accrued;
}

/** Received: the commission of the order is released `freezeDays` after receipt (once the order completes). */
export async function scheduleRelease(deps: Deps, order: OrderStatusChanged, receivedAt: Date): Promise<void> {
  const releaseAt = new Date(receivedAt.getTime() + (await currentPolicy(deps)).freezeDays * DAY_MS);
  await Commission.update(
    { releaseAt },
    { where: { orderId: order.orderId, status: 'frozen', releaseAt: { [Op.is]: null } } },
  );
}

/** Completed (the after-sales window closed, nothing holds it): release is due at releaseAt; a job does it. */
export async function orderCompleted(deps: Deps, order: OrderStatusChanged, completedAt: Date): Promise<void> {
  await Commission.update(
    { orderCompletedAt: completedAt },
    { where: { orderId: order.orderId, orderCompletedAt: { [Op.is]: null } } },
  );
  const due = await Commission.max<Date | null, Commission>('releaseAt', {
    where: { orderId: order.orderId, status: 'frozen' },
  });
  if (!due) return;
  const delay = Math.max(0, new Date(due).getTime() - Date.now());
  await deps.queues.commission.add(
    RELEASE_JOB,
    { orderId: order.orderId },
    { jobId: `${RELEASE_JOB}:${order.orderId}`, delay },
  );
}

/**
 * Releases what is due: frozen commission of completed orders whose release time has come moves to the earner's
 * settling balance, minus what refunds took back, for the next settlement statement. One transaction per
 * commission, each keyed: a retried or overlapping run releases nothing twice.
 */
export async function releaseDueCommissions(deps: Deps, now: Date, orderId?: number): Promise<number> {
  const due = await Commission.findAll({
    attributes: ['id', 'beneficiaryId'],
    where: {
      status: 'frozen',
      releaseAt: { [Op.lte]: now },
      orderCompletedAt: { [Op.ne]: null },
      ...(orderId ? { orderId } : {}),
    },
    order: [['id', 'ASC']],
    limit: 1_000,
  });
  if (due.length === 0) return 0;
  const members = [...new Set(due.map((c) => c.beneficiaryId))];
  await openLedgerAccounts(members.flatMap((m) => [frozenOf(m), settlingOf(m)]));
  let released = 0;
  for (const { id } of due) {
    await withTx(deps.sequelize, async (t) => {
      const c = await Commission.findByPk(id, { transaction: t, lock: t.LOCK.UPDATE });
      if (!c || c.status !== 'frozen') return;
      const leftFen = c.amountFen - c.reversedFen;
      const to = leftFen > 0 ? 'released' : 'reversed';
      assertTransition('commission', commissionTransitions, c.status, to);
      if (leftFen > 0) {
        await postLedger(t, {
          key: `commission:release:${c.id}`,
          kind: 'commission_released',
          memo: `${c.orderNo} L${c.level}`,
          subject: { type: 'commission', id: c.id },
          entries: [
            { account: frozenOf(c.beneficiaryId), amountFen: -leftFen },
            { account: settlingOf(c.beneficiaryId), amountFen: leftFen },
          ],
        });
      }
      await c.update({ status: to, releasedAt: now }, { transaction: t });
      released += 1;
    });
  }
  return released;
}

/**
 * A refund took money back from some lines: each earner gives back the difference between what they hold on the
 * line and the commission on what the line keeps (by the line's rule of the day). Before release it comes out of
 * the frozen balance; after, out of the available balance, and what that cannot cover is owed (receivable) and
 * paid off by later releases. Keyed by (commission, refund): a redelivered event takes nothing twice.
 */
export async function reverseForRefund(deps: Deps, refund: OrderRefundApplied): Promise<number> {
  const lineIds = refund.lines.filter((l) => l.refundFen > 0).map((l) => l.orderLineId);
  if (lineIds.length === 0) return 0;
  const rows = await Commission.findAll({ attributes: ['beneficiaryId'], where: { orderLineId: lineIds } });
  if (rows.length === 0) {
    // no commission yet: remembered, so an accrual that comes after it computes on what the line keeps
    await withTx(deps.sequelize, (t) => recordSeenRefund(refund, t));
    return (await Commission.count({ where: { orderLineId: lineIds } })) > 0 ? reverseForRefund(deps, refund) : 0;
  }
  const members = [...new Set(rows.map((r) => r.beneficiaryId))];
  await openLedgerAccounts([
    expense,
    ...members.flatMap((m) => [frozenOf(m), settlingOf(m), availableOf(m), receivableOf(m)]),
  ]);
  const policy = await currentPolicy(deps);
  let reversed = 0;
  await withTx(deps.sequelize, async (t) => {
    await recordSeenRefund(refund, t);
    for (const line of refund.lines) {
      if (line.refundFen <= 0) continue;
      const commissions = await Commission.findAll({
        where: { orderLineId: line.orderLineId },
        order: [['level', 'ASC']],
        lock: t.LOCK.UPDATE,
        transaction: t,
      });
      if (commissions.length === 0) continue;
      const done = await CommissionReversal.count({
        where: { commissionId: commissions.map((c) => c.id), refundNo: refund.refundNo },
        transaction: t,
      });
      if (done > 0) continue; // this refund was taken back already
      const first = commissions[0]!;
      const rule = JSON.parse(first.ruleJson) as LineRule;
      const refundedFen = Math.min(first.linePaidFen, first.lineRefundedFen + line.refundFen);
      const byLevel = (level: number) => commissions.find((c) => c.level === level);
      const earner = (level: number): CommissionParty => {
        const c = byLevel(level);
        return { memberId: c?.beneficiaryId ?? 0, isDistributor: !!c, frozen: false, grade: null };
      };
      const back = commissionReversal(
        { ...policy, levels: rule.levels, lineCapBps: rule.capBps, selfPurchase: false },
        {
          paidFen: first.linePaidFen,
          refundedFen,
          quantity: first.quantity,
          buyer: { memberId: first.buyerId, isDistributor: false, frozen: false, grade: null },
          uplines: Array.from({ length: rule.levels }, (_, i) => earner(i + 1)),
          skuOverride: rule.override,
        },
        commissions.map((c) => ({ level: c.level, memberId: c.beneficiaryId, amountFen: c.amountFen - c.reversedFen })),
      );
      for (const c of commissions) {
        const amountFen = back.find((b) => b.level === c.level)?.amountFen ?? 0;
        await CommissionReversal.create(
          {
            commissionId: c.id,
            refundNo: refund.refundNo,
            amountFen,
            takenFrom: c.status,
          },
          { transaction: t },
        );
        const fields: Partial<Commission> = { lineRefundedFen: refundedFen };
        if (amountFen > 0) {
          await postLedger(t, {
            key: `commission:reverse:${c.id}:${refund.refundNo}`,
            kind: 'commission_reversed',
            memo: `${c.orderNo} L${c.level} ${refund.refundNo}`,
            subject: { type: 'commission', id: c.id },
            entries: await reversalEntries(c, amountFen, t),
          });
          fields.reversedFen = c.reversedFen + amountFen;
          if (fields.reversedFen === c.amountFen) {
            assertTransition('commission', commissionTransitions, c.status, 'reversed');
            fields.status = 'reversed';
          }
          reversed += 1;
        }
        await c.update(fields, { transaction: t });
      }
    }
  });
  return reversed;
}

/** The refund's lines, kept once per (line, refund) for an accrual that may still come (see accrueOrderCommission). */
async function recordSeenRefund(refund: OrderRefundApplied, t: Transaction) {
  await CommissionLineRefund.bulkCreate(
    refund.lines
      .filter((l) => l.refundFen > 0)
      .map((l) => ({ orderLineId: l.orderLineId, refundNo: refund.refundNo, refundFen: l.refundFen })),
    { ignoreDuplicates: true, transaction: t },
  );
}

async function reversalEntries(c: Commission, amountFen: number, t: Transaction) {
  const back = { account: expense, amountFen };
  if (c.status === 'frozen') return [back, { account: frozenOf(c.beneficiaryId), amountFen: -amountFen }];
  if (c.status === 'released') return [back, { account: settlingOf(c.beneficiaryId), amountFen: -amountFen }];
  // settled: out of the available balance, and what it cannot cover is owed
  const availableFen = await accountBalance(availableOf(c.beneficiaryId), t, true);
  const fromAvailable = Math.min(amountFen, Math.max(0, availableFen));
  return [
    back,
    ...(fromAvailable > 0 ? [{ account: availableOf(c.beneficiaryId), amountFen: -fromAvailable }] : []),
    ...(amountFen - fromAvailable > 0
      ? [{ account: receivableOf(c.beneficiaryId), amountFen: -(amountFen - fromAvailable) }]
      : []),
  ];
}
