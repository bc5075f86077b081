import { UniqueConstraintError } from 'sequelize';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import type { DomainEvent, OrderStatusChanged } from '../../platform/events/domain-events';
import { Order } from '../orders';
import { ensureTeamNode } from './attach-member';
import { scheduleDrain } from './drain-team-deltas';
import { dayKey } from './team-time';
import { TeamDelta } from './team.model';

type Deps = Pick<PlatformDeps, 'sequelize' | 'queues' | 'logger'>;

/**
 * `order.paid` adds the order to its buyer's and their ancestors' figures, `order.refunded` takes it back,
 * both on the day the order was paid (so the activity window never counts a refund of an older order).
 * The listener only appends a delta, unique by (kind, order): a redelivered event changes nothing. The drain
 * job does the arithmetic in batches.
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
      const order = await Order.findByPk(orderId, { attributes: ['id', 'paidAt'], transaction: tx });
      await ensureTeamNode(deps, memberId, tx);
      const occurredAt = order?.paidAt ?? new Date(event.occurredAt);
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
