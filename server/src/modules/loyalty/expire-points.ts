import { Op } from 'sequelize';
import { forUpdate, withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { PointsLot } from './loyalty.model';
import { lockAccount, movePoints } from './points-ledger';

const BATCH = 200;

/**
 * Daily: every active lot past its expiry loses what is left of it, oldest first. One transaction per lot;
 * a lot already emptied is skipped, so a rerun (or a retry after a crash) expires nothing twice.
 */
export async function expirePoints(deps: Pick<PlatformDeps, 'sequelize'>, now: Date): Promise<{ lots: number }> {
  let lots = 0;
  let afterId = 0;
  for (;;) {
    const due = await PointsLot.findAll({
      attributes: ['id', 'memberId'],
      where: { id: { [Op.gt]: afterId }, state: 'active', remaining: { [Op.gt]: 0 }, expiresAt: { [Op.lte]: now } },
      order: [['id', 'ASC']],
      limit: BATCH,
    });
    for (const { id, memberId } of due) {
      const expired = await withTx(deps.sequelize, async (tx) => {
        const account = await lockAccount(memberId, tx);
        const lot = await PointsLot.findByPk(id, forUpdate(tx));
        if (!lot || lot.state !== 'active' || lot.remaining === 0 || lot.expiresAt > now) return false;
        const left = lot.remaining;
        await lot.update({ remaining: 0 }, { transaction: tx });
        await movePoints(account, { kind: 'expire', delta: -left, frozenDelta: 0, ref: `expire:${lot.id}`, lot }, tx);
        return true;
      });
      if (expired) lots++;
    }
    if (due.length < BATCH) return { lots };
    afterId = due[due.length - 1].id;
  }
}
