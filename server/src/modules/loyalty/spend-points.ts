import { Op, type Transaction } from 'sequelize';
import type { PointsEntryKind } from '@mall/shared';
import { forUpdate } from '../../platform/db/database';
import { DomainError } from '../../platform/errors';
import { PointsLot, PointsSpend, PointsSpendLot } from './loyalty.model';
import { lockAccount, movePoints } from './points-ledger';

export interface SpendResult {
  ref: string;
  points: number;
  isRefunded: boolean;
}

const toResult = (s: PointsSpend): SpendResult => ({ ref: s.ref, points: s.points, isRefunded: s.isRefunded });

/**
 * Spends points first in, first out: the lots that expire first are used first. Idempotent by `ref` (the same
 * ref spends once; a different amount under the same ref is a conflict). The checkout calls this inside its
 * own transaction.
 */
export async function spendPoints(
  memberId: number,
  points: number,
  ref: string,
  tx: Transaction,
  options: { kind?: PointsEntryKind; reason?: string; now?: Date } = {},
): Promise<SpendResult> {
  if (!Number.isInteger(points) || points <= 0)
    throw new DomainError('POINTS_INVALID', 'Points to spend must be a positive whole number', 400, 'points');
  const now = options.now ?? new Date();
  const account = await lockAccount(memberId, tx);
  const existing = await PointsSpend.findOne({ where: { ref }, transaction: tx });
  if (existing) {
    if (existing.memberId !== memberId || existing.points !== points)
      throw new DomainError('POINTS_REF_CONFLICT', `Spend ${ref} was made with other figures`, 409);
    return toResult(existing);
  }
  const lots = await PointsLot.findAll({
    where: { memberId, state: 'active', remaining: { [Op.gt]: 0 }, expiresAt: { [Op.gt]: now } },
    order: [
      ['expiresAt', 'ASC'],
      ['id', 'ASC'],
    ],
    ...forUpdate(tx),
  });
  if (lots.reduce((sum, l) => sum + l.remaining, 0) < points)
    throw new DomainError('POINTS_INSUFFICIENT', 'Not enough points', 409, 'points');
  const spend = await PointsSpend.create({ memberId, ref, points }, { transaction: tx });
  let left = points;
  for (const lot of lots) {
    if (left === 0) break;
    const take = Math.min(left, lot.remaining);
    await lot.update({ remaining: lot.remaining - take }, { transaction: tx });
    await PointsSpendLot.create({ spendId: spend.id, lotId: lot.id, points: take }, { transaction: tx });
    await movePoints(
      account,
      { kind: options.kind ?? 'spend', delta: -take, frozenDelta: 0, ref, lot, reason: options.reason },
      tx,
    );
    left -= take;
  }
  return toResult(spend);
}

/**
 * Gives a spend back by its ref, to the lots it came from (a lot that expired meanwhile expires again at the
 * next daily run). Refunding twice changes nothing.
 */
export async function refundPointsSpend(ref: string, tx: Transaction): Promise<SpendResult> {
  const found = await PointsSpend.findOne({ where: { ref }, transaction: tx });
  if (!found) throw new DomainError('POINTS_SPEND_NOT_FOUND', `No points spend ${ref}`, 404);
  const account = await lockAccount(found.memberId, tx);
  const spend = await PointsSpend.findByPk(found.id, forUpdate(tx));
  if (!spend || spend.isRefunded) return toResult(spend ?? found);
  const uses = await PointsSpendLot.findAll({ where: { spendId: spend.id }, order: [['id', 'ASC']], transaction: tx });
  for (const use of uses) {
    const give = use.points - (use.returnedPoints ?? 0); // a part may have come back already (checkout-points.ts)
    if (give <= 0) continue;
    const lot = await PointsLot.findByPk(use.lotId, forUpdate(tx));
    if (!lot) throw new Error(`points lot ${use.lotId} vanished`);
    await lot.update({ remaining: lot.remaining + give }, { transaction: tx });
    await use.update({ returnedPoints: use.points }, { transaction: tx });
    await movePoints(account, { kind: 'spend_refund', delta: give, frozenDelta: 0, ref, lot }, tx);
  }
  await spend.update({ isRefunded: true, returnedPoints: spend.points }, { transaction: tx });
  return toResult(spend);
}
