import { Op } from 'sequelize';
import type { PriceRule } from '@mall/shared';
import { cacheBus } from '../../platform/cache/invalidation-bus';
import { CachedValue } from '../../platform/cache/local-cache';
import { PRICE_RULES_TOPIC, PriceRuleRow } from './price-rule.model';
import { toRule } from './price-rules';

interface ActiveRules {
  byProduct: Map<number, PriceRule[]>;
  /** The next moment a special price starts or ends: answers built before it are out of date after it. */
  nextBoundaryMs: number;
}

async function loadActiveRules(): Promise<ActiveRules> {
  const now = Date.now();
  const rows = await PriceRuleRow.findAll({
    where: { [Op.or]: [{ endsAt: null }, { endsAt: { [Op.gt]: new Date(now) } }] },
  });
  const byProduct = new Map<number, PriceRule[]>();
  let nextBoundaryMs = Infinity;
  for (const row of rows) {
    const rule = toRule(row);
    byProduct.set(rule.productId, [...(byProduct.get(rule.productId) ?? []), rule]);
    for (const edge of [rule.startsAt, rule.endsAt]) {
      if (edge && edge.getTime() > now) nextBoundaryMs = Math.min(nextBoundaryMs, edge.getTime());
    }
  }
  return { byProduct, nextBoundaryMs };
}

/**
 * Every rule not yet over, by product, in process: a storefront read prices from memory. The table is small (a
 * rule per product, level or channel, and the specials of a season), so it is loaded whole.
 */
const activeRules = new CachedValue(loadActiveRules, { ttlMs: 60_000 });
cacheBus.on(PRICE_RULES_TOPIC, () => activeRules.invalidate());

/** A special price starting or ending changes prices without a write: the cache turns over at that moment. */
function turnOverAtBoundary(now: number) {
  const loaded = activeRules.peek();
  if (loaded && loaded.nextBoundaryMs <= now) activeRules.invalidate();
}

/** The rules that may price these products at `at` (now or later), from the process's copy. */
export async function cachedRulesForProducts(productIds: readonly number[], at: Date): Promise<PriceRule[]> {
  turnOverAtBoundary(Date.now());
  const { byProduct } = await activeRules.get();
  const atMs = at.getTime();
  return [...new Set(productIds)].flatMap((id) =>
    (byProduct.get(id) ?? []).filter((r) => r.endsAt === null || r.endsAt.getTime() > atMs),
  );
}

/** Grows whenever prices may have changed (a rule written, a special starting or ending). */
export function priceRulesVersion(): number {
  turnOverAtBoundary(Date.now());
  return activeRules.version;
}
