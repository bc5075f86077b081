import { Op } from 'sequelize';
import { cacheBus } from '../../platform/cache/invalidation-bus';
import { CachedValue } from '../../platform/cache/local-cache';
import { hasActivityAccess } from '../loyalty';
import { isInWindow, type ActivityRule } from './promotion-calculator';
import { PROMOTIONS_TOPIC, PromotionActivity } from './promotion.model';

export const ruleOf = (a: PromotionActivity): ActivityRule => ({
  id: a.id,
  kind: a.kind,
  name: a.name,
  startsAt: a.startsAt,
  endsAt: a.endsAt,
  productIds: JSON.parse(a.productIds) as number[],
  categoryIds: JSON.parse(a.categoryIds) as number[],
  levelActivityCode: a.levelActivityCode,
  discountBps: a.discountBps,
  activityPriceFen: a.activityPriceFen,
  tiers: JSON.parse(a.tiersJson) as ActivityRule['tiers'],
});

async function readActive(): Promise<ActivityRule[]> {
  const rows = await PromotionActivity.findAll({
    where: { status: 'active', endsAt: { [Op.gt]: new Date() } },
    order: [['id', 'ASC']],
  });
  return rows.map(ruleOf);
}

/**
 * Every quote and placement reads the active activities: kept in process, dropped when a write to the table
 * commits (model hooks) here and in every other process; the window is checked on each read, so an activity
 * starts and ends on time whatever the cache holds. With no activity, checkout pays no query for promotions.
 */
const active = new CachedValue(readActive, { ttlMs: 30_000 });
cacheBus.on(PROMOTIONS_TOPIC, () => active.invalidate());

/** The active activities (status active, not ended), from memory; callers check each one's window. */
export const activeActivities = () => active.get();

/**
 * The activities of a kind this member gets now: active, inside the window, and past the level gate (the
 * member's level, or a lower rung, lists the activity's exclusive code: loyalty's door decides).
 */
export async function activitiesFor(memberId: number, kind: ActivityRule['kind'], now = new Date()) {
  const live = (await active.get()).filter((a) => a.kind === kind && isInWindow(a, now));
  const gates = [...new Set(live.flatMap((a) => (a.levelActivityCode ? [a.levelActivityCode] : [])))];
  const open = new Set<string>();
  await Promise.all(
    gates.map(async (code) => {
      if (await hasActivityAccess(memberId, code)) open.add(code);
    }),
  );
  return live.filter((a) => a.levelActivityCode === null || open.has(a.levelActivityCode));
}
