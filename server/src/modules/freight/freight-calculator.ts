import type { FreightBasis, FreightRule } from '@mall/shared/admin';

/** A template as the calculator needs it. */
export interface FreightTemplateRules {
  id: number;
  basis: FreightBasis;
  freeAboveFen: number | null;
  rules: readonly FreightRule[];
}

/** One order line as shipping sees it. */
export interface FreightItem {
  /** The product's template; null: ships free. */
  templateId: number | null;
  quantity: number;
  /** Per unit. */
  weightGrams: number;
  /** What the line pays after discounts (for "free above"). */
  payableFen: number;
}

/** Where it goes: the region text ("浙江省 杭州市 西湖区") and, when a picker gave it, its 6-digit code. */
export interface FreightDestination {
  region: string;
  regionCode?: string;
}

export class NotDeliverableError extends Error {
  constructor(readonly templateId: number) {
    super(`template ${templateId} has no rule for this region`);
  }
}

/** "浙江省" and "浙江" name the same province; "广西壮族自治区" is "广西". */
const provinceStem = (name: string) =>
  name.trim().replace(/(省|市|特别行政区|壮族自治区|回族自治区|维吾尔自治区|自治区)$/, '');

/** Does one region entry (a province name, or a 2-digit province code) cover the destination? */
export function regionMatches(entry: string, to: FreightDestination): boolean {
  if (/^\d{2}$/.test(entry)) return to.regionCode?.slice(0, 2) === entry;
  const stem = provinceStem(entry);
  return stem.length > 0 && to.region.trim().startsWith(stem);
}

/** The rule for a destination: the first whose regions cover it, else the default (no regions); null: none. */
export function ruleFor(template: FreightTemplateRules, to: FreightDestination | null): FreightRule | null {
  if (to) {
    const specific = template.rules.find((r) => r.regions.some((entry) => regionMatches(entry, to)));
    if (specific) return specific;
  }
  return template.rules.find((r) => r.regions.length === 0) ?? null;
}

/** First units cost firstFeeFen; every further extraUnits, or part of them, extraFeeFen. */
export function feeForUnits(rule: FreightRule, units: number): number {
  if (units <= 0) return 0;
  if (units <= rule.firstUnits) return rule.firstFeeFen;
  return rule.firstFeeFen + Math.ceil((units - rule.firstUnits) / rule.extraUnits) * rule.extraFeeFen;
}

/**
 * The shipping fee of an order: lines are grouped by template, each group priced by its template (pieces or
 * grams, the rule of the destination's region, free when the group pays at least freeAboveFen), and the groups
 * add up. Lines without a template, or naming one that no longer exists, ship free (the behaviour before
 * templates). Without a destination (a quote before the address is chosen) the default rule applies.
 * Throws NotDeliverableError when a template has no rule for the destination and no default.
 */
export function freightFeeFen(
  items: readonly FreightItem[],
  templates: ReadonlyMap<number, FreightTemplateRules>,
  to: FreightDestination | null,
): number {
  const groups = new Map<number, FreightItem[]>();
  for (const item of items) {
    if (item.templateId === null || !templates.has(item.templateId)) continue;
    groups.set(item.templateId, [...(groups.get(item.templateId) ?? []), item]);
  }
  let totalFen = 0;
  for (const [templateId, group] of groups) {
    const template = templates.get(templateId)!;
    const payableFen = group.reduce((sum, i) => sum + i.payableFen, 0);
    if (template.freeAboveFen !== null && payableFen >= template.freeAboveFen) continue;
    const rule = ruleFor(template, to);
    if (!rule) {
      if (!to) continue; // no address yet and no default: priced once the address is known
      throw new NotDeliverableError(templateId);
    }
    const units = group.reduce((sum, i) => sum + i.quantity * (template.basis === 'weight' ? i.weightGrams : 1), 0);
    totalFen += feeForUnits(rule, units);
  }
  return totalFen;
}
