import { Op } from 'sequelize';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { evaluateLevel, loadLadder } from './level-evaluation';
import { LoyaltyAccount } from './loyalty.model';

const BATCH = 500;

/**
 * Nightly: every member above the entry level is re-read against the rules (spend window, activity), and
 * lowered where they no longer hold. `now` is injected so tests can run "a year later". One transaction per
 * member; a rerun the same day changes nothing (see evaluateLevel).
 */
export async function evaluateLevelsNightly(
  deps: Pick<PlatformDeps, 'sequelize' | 'config' | 'logger' | 'events'>,
  now: Date,
): Promise<{ evaluated: number; changed: number }> {
  const [entry] = await loadLadder();
  let evaluated = 0;
  let changed = 0;
  let afterId = 0;
  for (;;) {
    const accounts = await LoyaltyAccount.findAll({
      attributes: ['memberId'],
      where: { memberId: { [Op.gt]: afterId }, levelCode: { [Op.ne]: entry.code } },
      order: [['memberId', 'ASC']],
      limit: BATCH,
    });
    for (const { memberId: id } of accounts) {
      try {
        const change = await withTx(deps.sequelize, (tx) => evaluateLevel(deps, id, 'job', now, tx));
        evaluated++;
        if (change) changed++;
      } catch (err) {
        // one member's failure must not stop the night; it is logged and retried by tomorrow's run
        deps.logger.error({ err, memberId: id }, 'nightly level evaluation failed');
      }
    }
    if (accounts.length < BATCH) return { evaluated, changed };
    afterId = accounts[accounts.length - 1].memberId;
  }
}
