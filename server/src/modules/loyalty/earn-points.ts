import type { Transaction } from 'sequelize';
import type { PointsEntryKind } from '@mall/shared';
import { forUpdate } from '../../platform/db/database';
import { lotExpiry } from './loyalty-rules';
import { PointsLot } from './loyalty.model';
import { lockAccount, movePoints } from './points-ledger';

export interface Earn {
  memberId: number;
  /** Business identity of the earn; the same key earns once, whatever the retries. */
  sourceKey: string;
  points: number;
  kind: PointsEntryKind;
  /** Frozen points count in the balance but cannot be spent until thawed. */
  isFrozen: boolean;
  reason?: string;
  now: Date;
  expiryDays: number | null;
}

/** Earns a lot (each earn is its own lot with its expiry). Returns null when this source already earned. */
export async function earnPoints(earn: Earn, tx: Transaction): Promise<PointsLot | null> {
  const account = await lockAccount(earn.memberId, tx);
  if (await PointsLot.findOne({ where: { sourceKey: earn.sourceKey }, transaction: tx })) return null;
  const lot = await PointsLot.create(
    {
      memberId: earn.memberId,
      sourceKey: earn.sourceKey,
      state: earn.isFrozen ? 'frozen' : 'active',
      points: earn.points,
      remaining: earn.points,
      expiresAt: lotExpiry(earn.now, earn.expiryDays),
    },
    { transaction: tx },
  );
  if (earn.points > 0) {
    await movePoints(
      account,
      {
        kind: earn.kind,
        delta: earn.isFrozen ? 0 : earn.points,
        frozenDelta: earn.isFrozen ? earn.points : 0,
        ref: earn.sourceKey,
        lot,
        reason: earn.reason,
      },
      tx,
    );
  }
  return lot;
}

async function lockLot(sourceKey: string, tx: Transaction): Promise<PointsLot | null> {
  return PointsLot.findOne({ where: { sourceKey }, ...forUpdate(tx) });
}

/** Frozen → active (the order completed). A lot that is not frozen is left as it is. */
export async function thawLot(memberId: number, sourceKey: string, tx: Transaction): Promise<boolean> {
  const account = await lockAccount(memberId, tx);
  const lot = await lockLot(sourceKey, tx);
  if (!lot || lot.state !== 'frozen') return false;
  await lot.update({ state: 'active' }, { transaction: tx });
  if (lot.remaining > 0)
    await movePoints(
      account,
      { kind: 'order_thawed', delta: lot.remaining, frozenDelta: -lot.remaining, ref: sourceKey, lot },
      tx,
    );
  return true;
}

/**
 * Frozen → cancelled (refunded before completion). With no lot yet (the refund overtook the receipt event) a
 * zero-point cancelled lot takes the key, so a late receipt earns nothing.
 */
export async function cancelLot(memberId: number, sourceKey: string, now: Date, tx: Transaction): Promise<void> {
  const account = await lockAccount(memberId, tx);
  const lot = await lockLot(sourceKey, tx);
  if (!lot) {
    await PointsLot.create(
      { memberId, sourceKey, state: 'cancelled', points: 0, remaining: 0, expiresAt: now },
      { transaction: tx },
    );
    return;
  }
  if (lot.state !== 'frozen') return;
  const frozen = lot.remaining;
  await lot.update({ state: 'cancelled', remaining: 0 }, { transaction: tx });
  if (frozen > 0)
    await movePoints(account, { kind: 'order_cancelled', delta: 0, frozenDelta: -frozen, ref: sourceKey, lot }, tx);
}

/**
 * Part of the order went back before completion: its frozen lot shrinks to `keepPoints` (what the rest of the order
 * earns). A lot that is not frozen (completed, cancelled) or already that small is left as it is; the ledger ref
 * names the refund, so a redelivered refund takes nothing twice.
 */
export async function shrinkFrozenLot(
  memberId: number,
  sourceKey: string,
  keepPoints: number,
  ref: string,
  tx: Transaction,
): Promise<void> {
  const account = await lockAccount(memberId, tx);
  const lot = await lockLot(sourceKey, tx);
  if (!lot || lot.state !== 'frozen' || lot.remaining <= keepPoints) return;
  const taken = lot.remaining - Math.max(0, keepPoints);
  await lot.update({ remaining: lot.remaining - taken }, { transaction: tx });
  await movePoints(account, { kind: 'order_refunded', delta: 0, frozenDelta: -taken, ref, lot }, tx);
}
