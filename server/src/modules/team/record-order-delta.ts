import { UniqueConstraintError, type Transaction } from 'sequelize';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import type { DomainEvent, OrderRefundApplied, OrderStatusChanged } from '../../platform/events/domain-events';
import { ensureTeamNode } from './attach-member';
import { scheduleDrain } from './drain-team-deltas';
import { dayKey } from './team-time';
import { TeamDelta } from './team.model';

type Deps = Pick<PlatformDeps, 'sequelize' | 'queues' | 'logger'>;

/**
 * `order.paid` adds the order to its buyer's and their ancestors' figures, `order.refunded` takes it back,
 * both on the day the order was paid (so the activity window never counts a refund of an older order).
 * The listener only appends a delta, unique by (kind, order): a redelivered event changes nothing. The drain
 * job does the arithmetic in batches. The payment time comes with the event (`paidAt`, once orders sends it), else
 * it is the `order.paid` event's own time, which a refund then finds on the order's paid delta: team never reads
 * the orders table.
 */
export async function recordOrderDelta(
  deps: Deps,
  kind: 'paid' | 'refunded',
  event: DomainEvent<OrderStatusChanged>,
): Promise<void> {
  const { orderId, memberId, paidFen, payableFen } = event.payload;
  // a refund takes back what its parts (refund_part deltas) have not already taken back
  const amountFen = (paidFen > 0 ? paidFen : payableFen) - (kind === 'refunded' ? event.payload.refundedFen : 0);
  if (kind === 'refunded' && event.payload.refundedFen > 0 && amountFen <= 0) return;
  const sign = kind === 'paid' ? 1 : -1;
  try {
    await withTx(deps.sequelize, async (tx) => {
      if (await TeamDelta.findOne({ where: { kind, sourceId: orderId }, attributes: ['id'], transaction: tx })) return;
      await ensureTeamNode(deps, memberId, tx);
      const occurredAt = await paidAtOf(event, tx);
      await TeamDelta.create(
        {
          kind,
          sourceId: orderId,
          memberId,
          membersDelta: 0,
          salesFen: sign * amountFen,
          ordersDelta: sign,
          day: dayKey(occurredAt),
          occurredAt,
        },
        { transaction: tx },
      );
      scheduleDrain(deps, tx);
    });
  } catch (error) {
    if (!(error instanceof UniqueConstraintError)) throw error; // a concurrent delivery wrote it first
  }
}

/**
 * Part of an order went back (after-sales): the buyer's and their ancestors' sales fall by exactly that much, on
 * the day the order was paid; the order stops counting once all of it went back. Unique by the refund.
 */
export async function recordRefundDelta(deps: Deps, event: DomainEvent<OrderRefundApplied>): Promise<void> {
  const { refundId, memberId, refundFen, fullyRefunded, paidAt } = event.payload;
  try {
    await withTx(deps.sequelize, async (tx) => {
      if (
        await TeamDelta.findOne({
          where: { kind: 'refund_part', sourceId: refundId },
          attributes: ['id'],
          transaction: tx,
        })
      )
        return;
      await ensureTeamNode(deps, memberId, tx);
      const occurredAt = paidAt ? new Date(paidAt) : new Date(event.occurredAt);
      await TeamDelta.create(
        {
          kind: 'refund_part',
          sourceId: refundId,
          memberId,
          membersDelta: 0,
          salesFen: -refundFen,
          ordersDelta: fullyRefunded ? -1 : 0,
          day: dayKey(occurredAt),
          occurredAt,
        },
        { transaction: tx },
      );
      scheduleDrain(deps, tx);
    });
  } catch (error) {
    if (!(error instanceof UniqueConstraintError)) throw error;
  }
}

async function paidAtOf(event: DomainEvent<OrderStatusChanged>, tx: Transaction): Promise<Date> {
  const { paidAt } = event.payload;
  if (typeof paidAt === 'string') return new Date(paidAt);
  if (event.name === 'order.paid') return new Date(event.occurredAt);
  const paid = await TeamDelta.findOne({
    where: { kind: 'paid', sourceId: event.payload.orderId },
    attributes: ['id', 'occurredAt'],
    transaction: tx,
  });
  return paid?.occurredAt ?? new Date(event.occurredAt);
}
