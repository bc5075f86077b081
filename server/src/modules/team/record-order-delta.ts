import { UniqueConstraintError, type Transaction } from 'sequelize';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import type { DomainEvent, OrderStatusChanged } from '../../platform/events/domain-events';
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
  const amountFen = paidFen > 0 ? paidFen : payableFen;
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
