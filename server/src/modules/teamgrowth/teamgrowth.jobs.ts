import { TEAM_RANKING_BOARDS } from '@mall/shared';
import type { PlatformDeps } from '../../platform/deps';
import type { OrderStatusChanged } from '../../platform/events/domain-events';
import { closeRanking, lastClosedPeriod } from './close-ranking';
import { grantUnfinishedAwards } from './grant-awards';
import { rewardReferralPurchase } from './referral-reward';

export const CLOSE_RANKINGS_JOB = 'close-team-rankings';

/**
 * The referral purchase reward listens to `order.completed`. Every day at 00:10 Beijing time a job freezes and
 * awards the rankings of the last period that is over (a no-op once done, so a missed day is caught the next) and
 * finishes any award a crash left pending. It rides the `team` queue beside the figures' drain.
 */
export async function registerTeamGrowthJobs(deps: PlatformDeps) {
  deps.events.subscribe<OrderStatusChanged>('order.completed', 'team-growth:referral-purchase', (e) =>
    rewardReferralPurchase(deps, e.payload),
  );
  void deps.queues.team.process(CLOSE_RANKINGS_JOB, 1, async () => {
    const period = lastClosedPeriod(deps);
    for (const board of TEAM_RANKING_BOARDS) await closeRanking(deps, board, period, null);
    await grantUnfinishedAwards(deps);
    return { period };
  });
  await deps.queues.team.add(
    CLOSE_RANKINGS_JOB,
    {},
    { repeat: { cron: '10 0 * * *', tz: 'Asia/Shanghai' }, jobId: CLOSE_RANKINGS_JOB },
  );
}
