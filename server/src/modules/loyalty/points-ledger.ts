import { Op, type Transaction } from 'sequelize';
import type { PointsEntryKind } from '@mall/shared';
import { forUpdate } from '../../platform/db/database';
import { DomainError } from '../../platform/errors';
import { LoyaltyAccount, PointsLedger, type PointsLot } from './loyalty.model';

/**
 * The account row of a member, created on first use and locked: every points or level change for one member
 * runs under this lock, so balances, lots and the ledger move together.
 */
export async function lockAccount(memberId: number, tx: Transaction): Promise<LoyaltyAccount> {
  // Lock first: registration opens the account, so it is almost always there. An INSERT IGNORE on an existing row
  // takes a shared lock, and two writers of one member upgrading it to FOR UPDATE deadlocked each other.
  const existing = await LoyaltyAccount.findByPk(memberId, forUpdate(tx));
  if (existing) return existing;
  await LoyaltyAccount.bulkCreate([{ memberId }], { ignoreDuplicates: true, transaction: tx });
  const account = await LoyaltyAccount.findByPk(memberId, forUpdate(tx));
  if (!account) throw new Error(`loyalty account ${memberId} vanished`);
  return account;
}

export interface PointsMove {
  kind: PointsEntryKind;
  /** Change of available points. */
  delta: number;
  /** Change of frozen points. */
  frozenDelta: number;
  ref: string;
  lot: PointsLot | null;
  reason?: string;
}

/**
 * Moves the balances and writes the ledger line in one step. The update is conditional (a balance never goes
 * below zero, and the CHECK on loyalty_accounts has the last word), so sum(delta) always equals the balance.
 */
export async function movePoints(account: LoyaltyAccount, move: PointsMove, tx: Transaction): Promise<PointsLedger> {
  const [affected] = await LoyaltyAccount.update(
    {
      availablePoints: account.availablePoints + move.delta,
      frozenPoints: account.frozenPoints + move.frozenDelta,
    },
    {
      where: {
        memberId: account.memberId,
        availablePoints: { [Op.eq]: account.availablePoints, [Op.gte]: -move.delta },
        frozenPoints: { [Op.eq]: account.frozenPoints, [Op.gte]: -move.frozenDelta },
      },
      transaction: tx,
    },
  );
  if (affected !== 1) throw new DomainError('POINTS_INSUFFICIENT', 'Not enough points', 409);
  account.set({
    availablePoints: account.availablePoints + move.delta,
    frozenPoints: account.frozenPoints + move.frozenDelta,
  });
  return PointsLedger.create(
    {
      memberId: account.memberId,
      kind: move.kind,
      delta: move.delta,
      frozenDelta: move.frozenDelta,
      balanceAfter: account.availablePoints,
      frozenAfter: account.frozenPoints,
      ref: move.ref,
      lotId: move.lot?.id ?? null,
      lotExpiresAt: move.lot?.expiresAt ?? null,
      reason: move.reason ?? '',
    },
    { transaction: tx },
  );
}
