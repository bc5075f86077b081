import type { Transaction } from 'sequelize';
import type { PointsBalance } from '@mall/shared';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { DomainError, NotFoundError } from '../../platform/errors';
import type { AdminActor } from '../../platform/http/api-router';
import { recordAudit } from '../admin';
import { memberExists } from '../members';
import { MemberLevel } from './level.model';
import { earnPoints } from './earn-points';
import { changeLevel } from './level-evaluation';
import { getPointsBalance } from './loyalty-queries';
import { PointsLot, PointsSpend } from './loyalty.model';
import { lockAccount } from './points-ledger';
import { spendPoints } from './spend-points';

const DAY_MS = 86_400_000;

export async function assertMemberExists(memberId: number, tx?: Transaction): Promise<void> {
  if (!(await memberExists(memberId, tx))) throw new NotFoundError('Member', 'id');
}

/** The member's loyalty account under its lock (the one lock for their points and level), for a known member. */
async function lockMember(memberId: number, tx: Transaction) {
  await assertMemberExists(memberId, tx);
  return lockAccount(memberId, tx);
}

/** Sets a level by hand, recorded in the level history (cause admin) and held against the nightly job for the hold days. */
export async function setMemberLevel(
  deps: PlatformDeps,
  actor: AdminActor,
  memberId: number,
  levelCode: string,
  reason: string,
) {
  return withTx(deps.sequelize, async (tx) => {
    const account = await lockMember(memberId, tx);
    if (!(await MemberLevel.findOne({ where: { code: levelCode }, transaction: tx })))
      throw new DomainError('LEVEL_NOT_FOUND', `No level ${levelCode}`, 400, 'levelCode');
    const fromCode = account.levelCode;
    if (fromCode !== levelCode) {
      const now = new Date();
      await changeLevel(
        deps,
        account,
        {
          memberId,
          fromCode,
          toCode: levelCode,
          cause: 'admin',
          reason,
          actor: `admin:${actor.username}`,
          holdUntil: new Date(now.getTime() + deps.config.loyalty.levelHoldDays * DAY_MS),
        },
        tx,
      );
    }
    const after = { memberId, fromCode, toCode: levelCode };
    await recordAudit(
      actor,
      {
        action: 'member.level',
        targetType: 'member',
        targetId: String(memberId),
        before: { levelCode: fromCode },
        after,
        reason,
      },
      tx,
    );
    return after;
  });
}

type Adjustment = { deltaPoints: number; reason: string; requestId: string };

async function grant(deps: PlatformDeps, memberId: number, input: Adjustment, ref: string, now: Date, tx: Transaction) {
  if (await PointsSpend.findOne({ where: { ref }, transaction: tx }))
    throw new DomainError('POINTS_REF_CONFLICT', 'This requestId was used for a deduction', 409, 'requestId');
  const existing = await PointsLot.findOne({ where: { sourceKey: ref }, transaction: tx });
  if (existing && (existing.memberId !== memberId || existing.points !== input.deltaPoints))
    throw new DomainError('POINTS_REF_CONFLICT', 'This requestId was used with other figures', 409, 'requestId');
  const expiryDays = deps.config.loyalty.pointsExpiryDays;
  const { deltaPoints: points, reason } = input;
  await earnPoints(
    { memberId, sourceKey: ref, points, kind: 'admin_grant', isFrozen: false, reason, now, expiryDays },
    tx,
  );
}

async function deduct(memberId: number, input: Adjustment, ref: string, available: number, now: Date, tx: Transaction) {
  if (await PointsLot.findOne({ where: { sourceKey: ref }, transaction: tx }))
    throw new DomainError('POINTS_REF_CONFLICT', 'This requestId was used for a grant', 409, 'requestId');
  const isRetry = (await PointsSpend.findOne({ where: { ref }, transaction: tx })) !== null;
  if (!isRetry && available < -input.deltaPoints)
    throw new DomainError('POINTS_INSUFFICIENT', `Only ${available} points to deduct from`, 409, 'deltaPoints');
  await spendPoints(memberId, -input.deltaPoints, ref, tx, { kind: 'admin_deduct', reason: input.reason, now });
}

/** Grants (a new lot) or deducts (first in, first out) points; the requestId makes a retry change nothing. */
export async function adjustPoints(
  deps: PlatformDeps,
  actor: AdminActor,
  memberId: number,
  input: Adjustment,
): Promise<PointsBalance> {
  return withTx(deps.sequelize, async (tx) => {
    await lockMember(memberId, tx);
    const now = new Date();
    const before = await getPointsBalance(deps, memberId, now, tx);
    const ref = `admin:${input.requestId}`;
    if (input.deltaPoints > 0) await grant(deps, memberId, input, ref, now, tx);
    else await deduct(memberId, input, ref, before.availablePoints, now, tx);
    const after = await getPointsBalance(deps, memberId, now, tx);
    await recordAudit(
      actor,
      {
        action: input.deltaPoints > 0 ? 'member.points.grant' : 'member.points.deduct',
        targetType: 'member',
        targetId: String(memberId),
        before,
        after: { ...after, deltaPoints: input.deltaPoints, requestId: input.requestId },
        reason: input.reason,
      },
      tx,
    );
    return after;
  });
}
