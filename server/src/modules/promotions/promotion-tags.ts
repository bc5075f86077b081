import type { ActivityTag } from '@mall/shared';
import { cacheBus } from '../../platform/cache/invalidation-bus';
import { CachedValue } from '../../platform/cache/local-cache';
import { categoryWithDescendants } from '../catalog';
import { isInWindow, type ActivityRule } from './promotion-calculator';
import { activeActivities } from './live-promotions';
import { PROMOTIONS_TOPIC } from './promotion.model';

interface TaggedActivity {
  rule: ActivityRule;
  /** Empty with `everywhere`: the whole shop. */
  productIds: ReadonlySet<number>;
  /** The activity's categories and everything under them. */
  categoryIds: ReadonlySet<number>;
  everywhere: boolean;
  tag: Omit<ActivityTag, 'startsAt' | 'endsAt'>;
}

/** ¥300 reads 300, ¥12.50 reads 12.5: a tag is short. */
const yuan = (fen: number) => String(fen / 100);

/** 限时8折 (2000 bps off), 限时特价 (an activity price), 满300减30 满500减60 (its tiers). */
export function tagLabelOf(a: ActivityRule): string {
  if (a.kind === 'full_reduction')
    return a.tiers.map((t) => `满${yuan(t.thresholdFen)}减${yuan(t.reductionFen)}`).join(' ');
  if (a.discountBps !== null) return `限时${(10_000 - a.discountBps) / 1_000}折`;
  return '限时特价';
}

/**
 * The activities a product page may show, with their scope expanded to subcategories once per load, kept with the
 * active activities (dropped when an activity is written, in every process) and a minute's backstop for category
 * moves. Level-gated activities are left out: the page is the same for every member at a level, the gate is not.
 */
const tagged = new CachedValue<TaggedActivity[]>(
  async () => {
    const rules = (await activeActivities()).filter((a) => a.levelActivityCode === null);
    return Promise.all(
      rules.map(async (rule) => ({
        rule,
        productIds: new Set(rule.productIds),
        categoryIds: new Set((await Promise.all(rule.categoryIds.map(categoryWithDescendants))).flat()),
        everywhere: !rule.productIds.length && !rule.categoryIds.length,
        tag: { kind: rule.kind, id: rule.id, label: tagLabelOf(rule) },
      })),
    );
  },
  { ttlMs: 60_000 },
);
cacheBus.on(PROMOTIONS_TOPIC, () => tagged.invalidate());

/** Grows whenever the tags may have changed (an activity written): answers carrying tags are current while it stays. */
export const promotionTagsVersion = () => tagged.version;

/** The discount and 满减 tags of a product now (from memory: no query on a product read). */
export async function promotionTagsOf(
  product: { id: number; categoryId: number | null },
  now = new Date(),
): Promise<ActivityTag[]> {
  return (await tagged.get())
    .filter((a) => isInWindow(a.rule, now))
    .filter(
      (a) =>
        a.everywhere ||
        a.productIds.has(product.id) ||
        (product.categoryId !== null && a.categoryIds.has(product.categoryId)),
    )
    .map((a) => ({ ...a.tag, startsAt: a.rule.startsAt.toISOString(), endsAt: a.rule.endsAt.toISOString() }));
}
