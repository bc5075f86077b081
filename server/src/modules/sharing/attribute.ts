import { UniqueConstraintError, type Transaction } from 'sequelize';
import type { SharingTotals } from '@mall/shared';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { referrerOf } from '../team';
import { addToDailyStats, dayOf } from './daily-stats';
import { ShareAttribution, type AttributionKind } from './sharing.model';

interface Fact {
  promoterId: number;
  kind: AttributionKind;
  subjectKey: string;
  memberId: number;
  orderId?: number;
  amountFen?: number;
  at: Date | string;
}

/**
 * Writes one attribution and adds it to the promoter's day, in one transaction. The unique (kind, subject_key)
 * makes it happen once however often the event is delivered. Returns false when it was already there.
 */
async function attributeOnce(deps: PlatformDeps, fact: Fact, delta: Partial<SharingTotals>): Promise<boolean> {
  try {
    return await withTx(deps.sequelize, async (tx: Transaction) => {
      const day = dayOf(fact.at);
      await ShareAttribution.create(
        {
          promoterId: fact.promoterId,
          kind: fact.kind,
          subjectKey: fact.subjectKey,
          memberId: fact.memberId,
          orderId: fact.orderId ?? null,
          amountFen: fact.amountFen ?? 0,
          day,
        },
        { transaction: tx },
      );
      await addToDailyStats(deps.sequelize, fact.promoterId, day, delta, tx);
      return true;
    });
  } catch (error) {
    if (error instanceof UniqueConstraintError) return false;
    throw error;
  }
}

/**
 * A member joined a promoter's team (at registration, or bound later). Counted once per (member, promoter):
 * a rebinding counts for the new referrer and leaves the old one's history as it was.
 */
export function attributeNewMember(deps: PlatformDeps, memberId: number, promoterId: number, at: Date | string) {
  return attributeOnce(
    deps,
    { promoterId, kind: 'new_member', subjectKey: `member:${memberId}:${promoterId}`, memberId, at },
    { newMembers: 1 },
  );
}

/** A paid order counts for the buyer's referrer as bound when the event is handled (right after payment). */
export async function attributePaidOrder(
  deps: PlatformDeps,
  order: { orderId: number; memberId: number; paidFen: number },
  at: Date | string,
): Promise<boolean> {
  const promoterId = (await referrerOf([order.memberId])).get(order.memberId) ?? null;
  if (promoterId === null) return false;
  return attributeOnce(
    deps,
    {
      promoterId,
      kind: 'order_paid',
      subjectKey: `order:${order.orderId}`,
      memberId: order.memberId,
      orderId: order.orderId,
      amountFen: order.paidFen,
      at,
    },
    { paidOrders: 1, paidFen: order.paidFen },
  );
}

/**
 * A refund counts against whoever the payment was attributed to, on the day of the refund. `refundKey` names a
 * partial refund (after-sales; each counts once), none for the order's whole refund; the order counts as refunded
 * when `wholeOrder` (its last part, or a refund of all of it).
 */
export async function attributeRefundedOrder(
  deps: PlatformDeps,
  order: { orderId: number; refundedFen: number; refundKey?: string; wholeOrder: boolean },
  at: Date | string,
): Promise<boolean> {
  const paid = await ShareAttribution.findOne({
    where: { kind: 'order_paid', subjectKey: `order:${order.orderId}` },
  });
  if (!paid) return false;
  const refundedFen = Math.min(order.refundedFen, paid.amountFen);
  return attributeOnce(
    deps,
    {
      promoterId: paid.promoterId,
      kind: 'order_refunded',
      subjectKey: order.refundKey ? `refund:${order.refundKey}` : `order:${order.orderId}`,
      memberId: paid.memberId,
      orderId: order.orderId,
      amountFen: refundedFen,
      at,
    },
    { refundedOrders: order.wholeOrder ? 1 : 0, refundedFen },
  );
}
