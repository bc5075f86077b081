import type { z } from 'zod';
import {
  applyBps,
  DEFAULT_CHANNEL,
  type Channel,
  type CheckoutItem,
  type CheckoutMarketing,
  type QuoteBody,
  type QuoteView,
  type ShippingAddress,
} from '@mall/shared';
import { DomainError, ValidationError } from '../platform/errors';
import { cartItemsOf } from '../modules/cart';
import { skusForSale, type SkuForSaleView } from '../modules/catalog';
import { shippingFeeFen } from '../modules/freight';
import { spendablePointsOf } from '../modules/loyalty';
import { runQuote, type NewOrderLine, type PricedLine, type Quote, type QuoteDraft } from '../modules/orders';
import { priceSkus, pricingContextFor, type PricingModuleDeps, type SkuPrice } from '../modules/pricing';
import { checkoutAdjusterFactories, type CheckoutAdjuster } from './checkout-adjusters';

export type QuoteInput = z.output<typeof QuoteBody>;

/** A priced line with everything the order line copies (name, specs, cover, how the price came about). */
export interface CheckoutLine extends PricedLine {
  sku: SkuForSaleView;
  price: SkuPrice;
}

export interface CheckoutQuote {
  quote: Quote<CheckoutLine>;
  /** Points the quote spends (0 when none). */
  pointsUsed: number;
  view: QuoteView;
  /** Every adjuster this quote ran; placement calls `commit` on those that took something off. */
  adjusters: readonly CheckoutAdjuster[];
}

export interface QuoteOptions {
  /** Adjusters besides the standard ones (tests; a flash-sale order's campaign price). */
  extraAdjusters?: readonly CheckoutAdjuster[];
  /** Placing the order (the adjusters may check more strictly or prepare their commit). */
  placing?: boolean;
  /** Read the member's points balance even when no points are asked for (the quote page shows it). */
  showBalance?: boolean;
}

/** 积分抵扣: the member's points pay part of the items, at the configured rate and at most the cap. */
export function pointsAdjuster(
  rule: { pointsPerYuan: number; pointsCapBps: number },
  balance: number,
): CheckoutAdjuster & { summary(): QuoteView['points'] } {
  let summary: QuoteView['points'] = {
    balance,
    maxUsable: 0,
    used: 0,
    pointsPerYuan: rule.pointsPerYuan,
    capBps: rule.pointsCapBps,
  };
  const fenFor = (points: number) => Math.floor((points * 100) / rule.pointsPerYuan);
  const pointsFor = (fen: number) => Math.ceil((fen * rule.pointsPerYuan) / 100);
  return {
    code: 'points',
    stage: 'points',
    apply(draft: QuoteDraft) {
      const capFen = Math.min(applyBps(draft.itemsFen, rule.pointsCapBps), draft.itemsFen - draft.discountFen);
      const maxFen = Math.min(capFen, fenFor(balance));
      const valueFen = Math.min(fenFor(Math.min(draft.request.pointsToUse, balance)), maxFen);
      const used = pointsFor(valueFen); // only the points that buy whole fen are charged
      summary = { ...summary, maxUsable: pointsFor(maxFen), used };
      return valueFen > 0 ? { amountFen: valueFen, label: `积分抵扣 ${used} 积分`, points: used } : null;
    },
    summary: () => summary,
  };
}

function checkoutItemsOf(items: readonly CheckoutItem[]): Map<number, number> {
  const quantities = new Map<number, number>();
  for (const item of items) quantities.set(item.skuId, (quantities.get(item.skuId) ?? 0) + item.quantity);
  return quantities;
}

/** The items to price: the ones sent, else (fromCart) the member's selected cart lines. */
async function itemsToQuote(memberId: number, input: { items?: CheckoutItem[]; fromCart: boolean }) {
  if (input.items?.length) return checkoutItemsOf(input.items);
  if (!input.fromCart) throw new ValidationError('Send items, or fromCart: true', 'items');
  const selected = (await cartItemsOf(memberId)).filter((l) => l.selected);
  if (!selected.length) throw new DomainError('CART_NOTHING_SELECTED', 'No cart line is selected', 409, 'items');
  return checkoutItemsOf(selected);
}

/**
 * The one server-side quote, for the confirm page and again for placement: the catalog says what is on sale,
 * pricing gives this member's price on this channel now, then the adjusters (points first; coupons, 满减,
 * flash-sale and group-buy later), then shipping from the freight templates, then payable. Everything here is a
 * read outside any transaction (the catalog and pricing doors may answer from their caches).
 */
export async function quoteCheckout(
  deps: PricingModuleDeps,
  memberId: number,
  input: {
    items?: CheckoutItem[];
    fromCart: boolean;
    address?: ShippingAddress;
    pointsToUse: number;
  } & CheckoutMarketing,
  channel: Channel = DEFAULT_CHANNEL,
  options: QuoteOptions = {},
): Promise<CheckoutQuote> {
  const quantities = await itemsToQuote(memberId, input);
  const marketing: CheckoutMarketing = { couponId: input.couponId, groupBuy: input.groupBuy };
  const adjusterContext = {
    deps,
    memberId,
    channel,
    items: [...quantities].map(([skuId, quantity]) => ({ skuId, quantity })),
    marketing,
    placing: options.placing ?? false,
    campaign: input.groupBuy !== undefined || (options.extraAdjusters ?? []).some((a) => a.stage === 'campaign'),
  };
  const [skus, pc, balance, marketingAdjusters] = await Promise.all([
    skusForSale([...quantities.keys()]),
    pricingContextFor(deps, memberId, channel),
    input.pointsToUse > 0 || options.showBalance ? spendablePointsOf(memberId) : Promise.resolve(0),
    Promise.all(checkoutAdjusterFactories.map((factory) => factory(adjusterContext))),
  ]);
  const prices = await priceSkus(skus, pc);
  const priced: CheckoutLine[] = [...quantities].map(([skuId, quantity]) => {
    const sku = skus.find((s) => s.id === skuId);
    if (!sku || !sku.isActive || sku.productStatus !== 'on_sale') {
      throw new DomainError('SKU_UNAVAILABLE', `SKU ${skuId} is not on sale`, 409, 'items');
    }
    const price = prices.get(sku.id)!;
    return {
      skuId,
      productId: sku.productId,
      quantity,
      listPriceFen: price.basePriceFen,
      unitPriceFen: price.priceFen,
      sku,
      price,
    };
  });
  const skuById = new Map(skus.map((s) => [s.id, s]));
  const points = pointsAdjuster(deps.config.checkout, balance);
  const adjusters: CheckoutAdjuster[] = [
    ...marketingAdjusters.filter((a): a is CheckoutAdjuster => a !== null),
    points,
    ...(options.extraAdjusters ?? []),
  ];
  const quote = await runQuote(priced, { memberId, pointsToUse: input.pointsToUse, marketing }, adjusters, (draft) =>
    shippingFeeFen(
      draft.lines.map((l) => {
        const sku = skuById.get(l.skuId)!;
        return {
          templateId: sku.freightTemplateId,
          quantity: l.quantity,
          weightGrams: sku.weightGrams,
          payableFen: l.payableFen,
        };
      }),
      input.address ?? null,
    ),
  );
  const pointsUsed = quote.adjustments.find((a) => a.code === 'points')?.points ?? 0;
  const view = quoteView(quote, { ...points.summary(), used: pointsUsed });
  for (const adjuster of adjusters) Object.assign(view, adjuster.viewExtras?.());
  return { quote, pointsUsed, view, adjusters };
}

function quoteView(quote: Quote<CheckoutLine>, points: QuoteView['points']): QuoteView {
  return {
    lines: quote.lines.map((l) => ({
      skuId: l.skuId,
      productId: l.productId,
      productName: l.sku.productName,
      specs: l.sku.specs,
      coverUrl: l.sku.coverUrl,
      quantity: l.quantity,
      listPriceFen: l.listPriceFen,
      unitPriceFen: l.unitPriceFen,
      priceLabel: l.price.label,
      lineTotalFen: l.lineTotalFen,
      discountFen: l.discountFen,
      payableFen: l.payableFen,
    })),
    itemsFen: quote.itemsFen,
    adjustments: quote.adjustments.map((a) => ({
      code: a.code,
      label: a.label,
      amountFen: a.amountFen,
      points: a.points,
    })),
    discountFen: quote.discountFen,
    shippingFen: quote.shippingFen,
    payableFen: quote.payableFen,
    points,
  };
}

/** The order lines a quote places. */
export function orderLinesOf(quote: Quote<CheckoutLine>): NewOrderLine[] {
  return quote.lines.map((l) => ({
    skuId: l.skuId,
    productId: l.productId,
    productName: l.sku.productName,
    specsJson: l.sku.specsJson,
    coverUrl: l.sku.coverUrl,
    quantity: l.quantity,
    unitPriceFen: l.unitPriceFen,
    basePriceFen: l.price.basePriceFen,
    priceSource: l.price.source,
    priceRuleId: l.price.ruleId,
    priceLabel: l.price.label,
    discountFen: l.discountFen,
  }));
}
