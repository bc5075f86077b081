import type { PlatformDeps } from '../../platform/deps';
import { withTx } from '../../platform/db/database';
import { earnPoints } from './earn-points';
import { shanghaiDay } from './loyalty-rules';
import { lockAccount } from './points-ledger';

/** Once per calendar day in Asia/Shanghai: the lot key carries the day, so a second tap earns nothing. */
export async function signInToday(deps: Pick<PlatformDeps, 'sequelize' | 'config'>, memberId: number, now: Date) {
  const day = shanghaiDay(now);
  const points = deps.config.loyalty.signInPoints;
  const lot = await withTx(deps.sequelize, async (tx) => {
    const account = await lockAccount(memberId, tx);
    await account.update({ lastActiveAt: now }, { transaction: tx }); // a sign-in is activity for the level rules
    return earnPoints(
      {
        memberId,
        sourceKey: signInKey(memberId, day),
        points,
        kind: 'sign_in',
        isFrozen: false,
        now,
        expiryDays: deps.config.loyalty.pointsExpiryDays,
      },
      tx,
    );
  });
  return { isNew: lot !== null, day, points: lot ? lot.points : 0 };
}

export const signInKey = (memberId: number, day: string) => `sign_in:${memberId}:${day}`;
