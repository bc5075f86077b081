import type { Transaction } from 'sequelize';
import { sumFen } from '@mall/shared';
import { withTx } from '../platform/db/database';
import type { PlatformDeps } from '../platform/deps';
import { DomainError } from '../platform/errors';
import type { GroupCompleted, OrderStatusChanged } from '../platform/events/domain-events';
import { enqueueAfterCommit } from '../platform/queue/queues';
import { resumeWarehouseHandoff, type FulfilmentDeps } from '../modules/fulfilment';
import {
  closeExpiredGroup,
  expiredGroupIds,
  recordGroupPayment,
  type ExpiryOutcome,
  type RefundGroupOrder,
} from '../modules/groupbuy';
import { lockRefundableLines } from '../modules/orders';
import { requestRefund } from '../modules/payments';

export const EXPIRE_GROUP_JOB = 'expire-group';
export const SWEEP_GROUPS_JOB = 'sweep-groups';
export const expireGroupJobId = (groupId: number) => `expire-group:${groupId}`;

/**
 * A whole group order back to its buyer through the channel it was paid with: every line's paid share not yet
 * refunded, through the payments door (the same path as after-sales refunds: refund number stored before the
 * platform is called, applied to the order's refund ledger when the platform confirms). Keyed by the member's
 * place (`groupbuy:<id>`), so however often expiry runs, a place is refunded once. null: a bank transfer, which
 * finance refunds by hand (the place shows refund_failed).
 */
function refundWholeOrder(deps: PlatformDeps): RefundGroupOrder {
  return async ({ groupMemberId, orderNo }, reason, tx: Transaction) => {
    const lines = (await lockRefundableLines(tx, orderNo, null))
      .map((l) => ({ line: l, leftFen: l.paidFen - l.refundedFen, leftQuantity: l.quantity - l.refundedQuantity }))
      .filter((l) => l.leftFen > 0);
    const amountFen = sumFen(lines.map((l) => l.leftFen));
    if (amountFen === 0) return null;
    try {
      const receipt = await requestRefund(
        deps,
        {
          businessKey: `groupbuy:${groupMemberId}`,
          orderNo,
          amountFen,
          lines: lines.map((l) => ({
            lineId: l.line.orderLineId,
            skuId: l.line.skuId,
            quantity: l.leftQuantity,
            refundFen: l.leftFen,
          })),
          reason,
          actor: 'system:groupbuy',
        },
        tx,
      );
      return receipt.refundNo;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'REFUND_CHANNEL_MANUAL') return null;
      throw error;
    }
  };
}

/**
 * order.paid of a group order: the payment takes its place (or is refunded when there is none). The leader's
 * payment opens the group and schedules its expiry: a delayed job with the group's id, the sweep behind it.
 */
export async function takeGroupPlace(deps: PlatformDeps, payload: OrderStatusChanged) {
  await withTx(deps.sequelize, async (tx) => {
    const outcome = await recordGroupPayment(
      deps,
      tx,
      { orderId: payload.orderId, paidFen: payload.paidFen, paidAt: new Date(payload.paidAt ?? Date.now()) },
      refundWholeOrder(deps),
    );
    if (outcome.kind === 'opened') {
      enqueueAfterCommit(
        tx,
        deps.queues.groupbuy,
        EXPIRE_GROUP_JOB,
        { groupId: outcome.groupId },
        { jobId: expireGroupJobId(outcome.groupId), delay: Math.max(0, outcome.expiresAt.getTime() - Date.now()) },
        deps.logger,
      );
    }
  });
}

/** One group's expiry (the delayed job, the sweep, or both at once): decided once under the group's lock. */
export function expireGroup(deps: PlatformDeps, groupId: number, now = new Date()): Promise<ExpiryOutcome> {
  return withTx(deps.sequelize, (tx) => closeExpiredGroup(deps, tx, groupId, now, refundWholeOrder(deps)));
}

/** Every forming group past its expiry (jobs lost to a Redis flush, a worker down at the time). */
export async function sweepExpiredGroups(deps: PlatformDeps, now = new Date()) {
  const outcomes: ExpiryOutcome[] = [];
  for (const groupId of await expiredGroupIds(now)) outcomes.push(await expireGroup(deps, groupId, now));
  return {
    completed: outcomes.filter((o) => o === 'completed').length,
    failed: outcomes.filter((o) => o === 'failed').length,
  };
}

export function subscribeGroupbuyFlows(deps: FulfilmentDeps) {
  deps.events.subscribe<OrderStatusChanged>('order.paid', 'groupbuy:order-paid', ({ payload }) =>
    takeGroupPlace(deps, payload),
  );
  // the group's orders may ship now: a warehouse hand-off the hold stopped goes out
  deps.events.subscribe<GroupCompleted>('groupbuy.group_completed', 'fulfilment:group-completed', ({ payload }) =>
    resumeWarehouseHandoff(
      deps,
      payload.orders.map((o) => o.orderId),
    ),
  );
}

export async function registerGroupbuyJobs(deps: PlatformDeps) {
  const queue = deps.queues.groupbuy;
  void queue.process(EXPIRE_GROUP_JOB, 2, async (job) => ({
    outcome: await expireGroup(deps, (job.data as { groupId: number }).groupId),
  }));
  void queue.process(SWEEP_GROUPS_JOB, 1, () => sweepExpiredGroups(deps));
  await queue.add(SWEEP_GROUPS_JOB, {}, { repeat: { every: 60_000 }, jobId: SWEEP_GROUPS_JOB });
}
