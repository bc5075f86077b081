/**
 * The price a member pays for one SKU: one pure resolver, used by the product pages and by order placement,
 * so what the page shows is what the order charges.
 *
 * Precedence (the README "Pricing" section holds the same table):
 *
 * 1. List price. A channel price for the member's channel (weapp, h5, alipay) replaces the base price as the
 *    list price; a SKU rule beats a product-wide rule. Every discount below is taken off the list price.
 * 2. Candidates, each computed from the list price, never stacked on each other:
 *    - level price: the member's level rule for this SKU, else for the product (fixed fen or bps off), else the
 *      level ladder's own `discountBps` (金卡 5% off...). A level rule with 0 bps takes a product out of the
 *      ladder discount.
 *    - special price (特价, kind `special`): the time-limited prices whose window [startsAt, endsAt) holds the
 *      moment and whose channel is null or the member's; SKU ones beat product-wide ones; of several, the lowest.
 *      (Named `special`, not "promotion": marketing campaigns such as coupons, 满减, group-buy and flash sales
 *      are another thing and keep that word.)
 * 3. The lowest candidate wins (as Youzan and most malls do: member price and time-boxed price never stack,
 *    the better one applies). On a tie the special price wins the label, then the level, then the channel.
 *    A candidate that is not strictly below the list price does not win: the list price stands.
 *
 * Bounds and rounding: a discount in bps is taken on integer fen and the price is rounded DOWN to the fen
 * (`floor(list × (10000 − bps) / 10000)`, the payer never pays a fraction of a fen extra, like `applyBps`).
 * A rule never raises a price: whatever rule wins, the price is at most the base price, and at least 1 fen
 * (a 100% discount or a 0 fen price is not a price; free goods go through marketing campaigns, not price rules).
 */

export const CHANNELS = ['weapp', 'h5', 'alipay'] as const;
export type Channel = (typeof CHANNELS)[number];
export const DEFAULT_CHANNEL: Channel = 'weapp';

export const PRICE_RULE_KINDS = ['level', 'channel', 'special'] as const;
export type PriceRuleKind = (typeof PRICE_RULE_KINDS)[number];
export type PriceSource = 'base' | PriceRuleKind;

/** Shown next to a price the member did not get from a level: "小程序价", "限时价". */
export const CHANNEL_PRICE_LABELS: Record<Channel, string> = { weapp: '小程序价', h5: 'H5专享价', alipay: '支付宝价' };
/** The default label of a special price: it runs for a limited time. */
export const SPECIAL_PRICE_LABEL = '限时价';
export const levelPriceLabel = (levelName: string) => `${levelName}价`;

/** A stored price rule, as the resolver needs it. Exactly one of fixedPriceFen / discountBps is set. */
export interface PriceRule {
  id: number;
  kind: PriceRuleKind;
  productId: number;
  /** null: every SKU of the product. */
  skuId: number | null;
  /** level rules: the level they price. */
  levelCode: string | null;
  /** channel rules: their channel; special prices: null for every channel. */
  channel: Channel | null;
  fixedPriceFen: number | null;
  /** Taken off the list price: 500 = 5% off. */
  discountBps: number | null;
  /** Special prices only: the window [startsAt, endsAt). */
  startsAt: Date | null;
  endsAt: Date | null;
  /** Overrides the default label ("双11价"). */
  label: string | null;
}

export interface PricingLevel {
  code: string;
  name: string;
  rank: number;
  /** The ladder's own discount off every product, unless a level rule says otherwise. */
  discountBps: number;
}

export interface PriceQuery {
  sku: { id: number; productId: number; basePriceFen: number };
  level: PricingLevel;
  channel: Channel;
  at: Date;
  /** Any rules: the resolver picks those that apply to this SKU, level, channel and moment. */
  rules: readonly PriceRule[];
}

export interface ResolvedPrice {
  priceFen: number;
  basePriceFen: number;
  source: PriceSource;
  /** The rule that won; null for the base price and for the ladder's own discount. */
  ruleId: number | null;
  /** For display ("金卡价", "限时价"); null when the member pays the base price. */
  label: string | null;
}

interface Candidate {
  priceFen: number;
  source: PriceSource;
  ruleId: number | null;
  label: string | null;
}

/** Ties go to the more specific offer: a special price, then a level price, then a channel price. */
const TIE_ORDER: Record<PriceSource, number> = { special: 0, level: 1, channel: 2, base: 3 };

/** floor(listFen × (10000 − offBps) / 10000): the payer never pays a fraction of a fen extra. */
export function discountedFen(listFen: number, offBps: number): number {
  if (!Number.isSafeInteger(listFen) || !Number.isInteger(offBps) || offBps < 0 || offBps > 10_000) {
    throw new RangeError(`bad discount: ${listFen} fen, ${offBps} bps`);
  }
  return Math.floor((listFen * (10_000 - offBps)) / 10_000);
}

const priceBy = (rule: PriceRule, listFen: number) =>
  rule.fixedPriceFen !== null ? rule.fixedPriceFen : discountedFen(listFen, rule.discountBps ?? 0);

const appliesTo = (rule: PriceRule, sku: PriceQuery['sku']) =>
  rule.productId === sku.productId && (rule.skuId === null || rule.skuId === sku.id);

/** The SKU's own rules when it has some, else the product-wide ones: the more specific rule wins. */
function mostSpecific(rules: PriceRule[]): PriceRule[] {
  const forSku = rules.filter((r) => r.skuId !== null);
  return forSku.length ? forSku : rules;
}

const isActive = (rule: PriceRule, at: Date) =>
  rule.startsAt !== null && rule.endsAt !== null && rule.startsAt <= at && at < rule.endsAt;

function listPriceOf(q: PriceQuery, rules: PriceRule[]): Candidate {
  const base: Candidate = { priceFen: q.sku.basePriceFen, source: 'base', ruleId: null, label: null };
  const [rule] = mostSpecific(rules.filter((r) => r.kind === 'channel' && r.channel === q.channel));
  if (!rule) return base;
  const priceFen = Math.max(1, priceBy(rule, q.sku.basePriceFen));
  if (priceFen >= q.sku.basePriceFen) return base;
  return { priceFen, source: 'channel', ruleId: rule.id, label: rule.label ?? CHANNEL_PRICE_LABELS[q.channel] };
}

function levelCandidate(q: PriceQuery, rules: PriceRule[], listFen: number): Candidate | null {
  const label = levelPriceLabel(q.level.name);
  const [rule] = mostSpecific(rules.filter((r) => r.kind === 'level' && r.levelCode === q.level.code));
  if (rule) return { priceFen: priceBy(rule, listFen), source: 'level', ruleId: rule.id, label: rule.label ?? label };
  if (q.level.discountBps <= 0) return null;
  return { priceFen: discountedFen(listFen, q.level.discountBps), source: 'level', ruleId: null, label };
}

function specialCandidate(q: PriceQuery, rules: PriceRule[], listFen: number): Candidate | null {
  const active = rules.filter(
    (r) => r.kind === 'special' && (r.channel === null || r.channel === q.channel) && isActive(r, q.at),
  );
  const offers = mostSpecific(active).map<Candidate>((r) => ({
    priceFen: priceBy(r, listFen),
    source: 'special',
    ruleId: r.id,
    label: r.label ?? SPECIAL_PRICE_LABEL,
  }));
  return offers.sort((a, b) => a.priceFen - b.priceFen || (a.ruleId ?? 0) - (b.ruleId ?? 0))[0] ?? null;
}

/** The price this member pays for this SKU on this channel at this moment, and the rule that gave it. */
export function resolvePrice(q: PriceQuery): ResolvedPrice {
  const rules = q.rules.filter((r) => appliesTo(r, q.sku));
  const list = listPriceOf(q, rules);
  const offers = [levelCandidate(q, rules, list.priceFen), specialCandidate(q, rules, list.priceFen)]
    .filter((c): c is Candidate => c !== null)
    .map((c) => ({ ...c, priceFen: Math.max(1, c.priceFen) }))
    .filter((c) => c.priceFen < list.priceFen);
  const [winner] = [...offers, list].sort(
    (a, b) => a.priceFen - b.priceFen || TIE_ORDER[a.source] - TIE_ORDER[b.source],
  );
  return {
    priceFen: Math.min(winner.priceFen, q.sku.basePriceFen),
    basePriceFen: q.sku.basePriceFen,
    source: winner.source,
    ruleId: winner.ruleId,
    label: winner.label,
  };
}

/** What the next level up would pay, when that is less than what the member pays now ("升级金卡 ¥xx"). */
export function nextLevelOffer(
  q: PriceQuery,
  current: ResolvedPrice,
  next: PricingLevel | null,
): { levelCode: string; name: string; priceFen: number } | null {
  if (!next) return null;
  const { priceFen } = resolvePrice({ ...q, level: next });
  return priceFen < current.priceFen ? { levelCode: next.code, name: next.name, priceFen } : null;
}
