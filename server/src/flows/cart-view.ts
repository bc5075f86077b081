import {
  addCartItem as addCartItemRoute,
  DEFAULT_CHANNEL,
  getCart,
  removeCartItem as removeCartItemRoute,
  selectCartItems as selectCartItemsRoute,
  updateCartItem as updateCartItemRoute,
  type CartLineState,
  type CartView,
  type Channel,
} from '@mall/shared';
import { DomainError } from '../platform/errors';
import type { ApiRouter } from '../platform/http/api-router';
import {
  addCartItem,
  cartItemsOf,
  removeCartItem,
  selectCartItems,
  updateCartItem,
  type CartItemView,
} from '../modules/cart';
import { skusForSale } from '../modules/catalog';
import { stockOf } from '../modules/inventory';
import { channelOf, priceSkus, pricingContextFor, type PricingModuleDeps } from '../modules/pricing';

/**
 * The cart as the member sees it: the cart module keeps the lines, the catalog says what is still on sale,
 * inventory how many are left, pricing what the member pays now. A line that cannot be bought is shown as such
 * (off sale, out of stock), and one whose price moved since it was added says so.
 */
export async function cartViewOf(
  deps: PricingModuleDeps,
  memberId: number,
  channel: Channel = DEFAULT_CHANNEL,
  items?: CartItemView[],
): Promise<CartView> {
  const lines = items ?? (await cartItemsOf(memberId));
  const skuIds = lines.map((l) => l.skuId);
  const [skus, stock, pc] = await Promise.all([
    skusForSale(skuIds),
    stockOf(skuIds),
    pricingContextFor(deps, memberId, channel),
  ]);
  const prices = await priceSkus(skus, pc);
  const skuById = new Map(skus.map((s) => [s.id, s]));
  const view = lines.flatMap((line) => {
    const sku = skuById.get(line.skuId);
    if (!sku) return []; // a SKU that no longer exists at all (never happens: SKUs are deactivated, not deleted)
    const price = prices.get(sku.id)!;
    const available = stock.get(sku.id)?.stock ?? 0;
    const state: CartLineState =
      !sku.isActive || sku.productStatus !== 'on_sale'
        ? 'off_sale'
        : available < line.quantity
          ? 'out_of_stock'
          : price.priceFen !== line.addedPriceFen
            ? 'price_changed'
            : 'ok';
    return [
      {
        id: line.id,
        skuId: sku.id,
        productId: sku.productId,
        productName: sku.productName,
        specs: sku.specs,
        coverUrl: sku.coverUrl,
        quantity: line.quantity,
        selected: line.selected,
        addedPriceFen: line.addedPriceFen,
        unitPriceFen: price.priceFen,
        priceLabel: price.label,
        stock: available,
        state,
        isBuyable: state === 'ok' || state === 'price_changed',
      },
    ];
  });
  const chosen = view.filter((l) => l.selected && l.isBuyable);
  return {
    lines: view,
    selectedQuantity: chosen.reduce((sum, l) => sum + l.quantity, 0),
    selectedTotalFen: chosen.reduce((sum, l) => sum + l.unitPriceFen * l.quantity, 0),
  };
}

/** A SKU goes into the cart only while it is on sale, at the member's price now (kept for "price changed"). */
async function addToCart(deps: PricingModuleDeps, memberId: number, skuId: number, quantity: number, channel: Channel) {
  const [sku] = await skusForSale([skuId]);
  if (!sku || !sku.isActive || sku.productStatus !== 'on_sale') {
    throw new DomainError('SKU_UNAVAILABLE', `SKU ${skuId} is not on sale`, 409, 'skuId');
  }
  const prices = await priceSkus([sku], await pricingContextFor(deps, memberId, channel));
  await addCartItem(memberId, skuId, quantity, prices.get(skuId)!.priceFen);
}

export function registerCartRoutes(api: ApiRouter, deps: PricingModuleDeps) {
  const member = (ctx: { state: { member: { memberId: number } } }) => ctx.state.member.memberId;
  api.add(getCart, ({ ctx }) => cartViewOf(deps, member(ctx), channelOf(ctx)));
  api.add(addCartItemRoute, async ({ ctx, body }) => {
    await addToCart(deps, member(ctx), body.skuId, body.quantity, channelOf(ctx));
    return cartViewOf(deps, member(ctx), channelOf(ctx));
  });
  api.add(updateCartItemRoute, async ({ ctx, params, body }) => {
    await updateCartItem(member(ctx), params.id, body);
    return cartViewOf(deps, member(ctx), channelOf(ctx));
  });
  api.add(selectCartItemsRoute, async ({ ctx, body }) => {
    await selectCartItems(member(ctx), body.selected, body.ids);
    return cartViewOf(deps, member(ctx), channelOf(ctx));
  });
  api.add(removeCartItemRoute, async ({ ctx, params }) => {
    await removeCartItem(member(ctx), params.id);
    return cartViewOf(deps, member(ctx), channelOf(ctx));
  });
}
