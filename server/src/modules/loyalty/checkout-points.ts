import type { Transaction } from 'sequelize';
import { forUpdate } from '../../platform/db/database';
import { LoyaltyAccount, PointsLedger, PointsLot, PointsSpend, PointsSpendLot } from './loyalty.model';
import { lockAccount, movePoints } from './points-ledger';
import { spendPoints } from './spend-points';

/** The spend of an order is stored under this ref: one spend per order, whatever the retries. */
export const orderSpendRef = (orderNo: string) => `order:${orderNo}`;

/** Points a member can spend now (one read; the spend itself checks the lots again under lock). */
export async function spendablePointsOf(memberId: number, tx?: Transaction): Promise<number> {
  const account = await LoyaltyAccount.findByPk(memberId, { attributes: ['availablePoints'], transaction: tx });
  return account?.availablePoints ?? 0;
}

/** Spends points for an order inside the placing transaction (POINTS_INSUFFICIENT rolls the order back). */
export async function spendPointsForOrder(memberId: number, points: number, orderNo: string, tx: Transaction) {
  return spendPoints(memberId, points, orderSpendRef(orderNo), tx, { reason: `积分抵扣 ${orderNo}` });
}

/** How much of an order's spend comes back: all that is left, or a refund's share of what was paid. */
export type PointsReturn = 'all' | { refundFen: number; paidFen: number };

/** The refunded share of the spend, rounded down; all that is left once the refund covers what was paid. */
function pointsToReturn(spent: number, portion: PointsReturn): number {
  if (portion === 'all' || portion.paidFen <= 0 || portion.refundFen >= portion.paidFen) return Infinity;
  return Math.floor((spent * Math.max(0, portion.refundFen)) / portion.paidFen);
}

/**
 * Gives back part or all of an order's points spend to the lots it came from, latest-expiring first.
 * Idempotent by `returnRef` (a cancel, a refund number): the same ref returns once. Never returns more than was
 * spent, whatever the number of returns. Answers the points returned now.
 */
export async function returnOrderPoints(
  orderNo: string,
  portion: PointsReturn,
  returnRef: string,
  tx: Transaction,
): Promise<number> {
  const found = await PointsSpend.findOne({ where: { ref: orderSpendRef(orderNo) }, transaction: tx });
  if (!found) return 0; // the order spent no points
  const account = await lockAccount(found.memberId, tx);
  const seen = await PointsLedger.findOne({
    where: { memberId: found.memberId, ref: returnRef, kind: 'spend_refund' },
    attributes: ['id'],
    transaction: tx,
  });
  if (seen) return 0;
  const spend = await PointsSpend.findByPk(found.id, forUpdate(tx));
  if (!spend) return 0;
  let left = Math.min(pointsToReturn(spend.points, portion), spend.points - (spend.returnedPoints ?? 0));
  if (left <= 0) return 0;
  const wanted = left;
  const uses = await PointsSpendLot.findAll({
    where: { spendId: spend.id },
    order: [['id', 'DESC']],
    ...forUpdate(tx),
  });
  for (const use of uses) {
    const give = Math.min(left, use.points - (use.returnedPoints ?? 0));
    if (give <= 0) continue;
    const lot = await PointsLot.findByPk(use.lotId, forUpdate(tx));
    if (!lot) throw new Error(`points lot ${use.lotId} vanished`);
    await lot.update({ remaining: lot.remaining + give }, { transaction: tx });
    await use.update({ returnedPoints: (use.returnedPoints ?? 0) + give }, { transaction: tx });
    await movePoints(
      account,
      { kind: 'spend_refund', delta: give, frozenDelta: 0, ref: returnRef, lot, reason: `积分退回 ${orderNo}` },
      tx,
    );
    left -= give;
    if (left === 0) break;
  }
  const returned = (spend.returnedPoints ?? 0) + wanted - left;
  await spend.update({ returnedPoints: returned, isRefunded: returned >= spend.points }, { transaction: tx });
  return wanted - left;
}
