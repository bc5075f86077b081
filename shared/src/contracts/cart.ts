import { z } from 'zod';
import { access, defineRoute, Id, NonNegativeFen } from './route';

/** Why a cart line cannot be bought as it is; `price_changed` can still be bought, at the new price. */
export const CART_LINE_STATES = ['ok', 'price_changed', 'out_of_stock', 'off_sale'] as const;
export type CartLineState = (typeof CART_LINE_STATES)[number];

export const CartLineView = z.object({
  id: z.number().int(),
  skuId: z.number().int(),
  productId: z.number().int(),
  productName: z.string(),
  specs: z.record(z.string(), z.string()),
  coverUrl: z.string(),
  quantity: z.number().int(),
  selected: z.boolean(),
  /** The member's price when the line was added. */
  addedPriceFen: NonNegativeFen,
  /** The member's price now (level, channel, special price). */
  unitPriceFen: NonNegativeFen,
  priceLabel: z.string().nullable(),
  /** Units available now. */
  stock: z.number().int(),
  state: z.enum(CART_LINE_STATES),
  /** Can go to checkout: on sale and enough stock. */
  isBuyable: z.boolean(),
});
export type CartLineView = z.infer<typeof CartLineView>;

export const CartView = z.object({
  lines: z.array(CartLineView),
  /** Selected and buyable lines: how many units, and their total at today's prices (the quote has the final word). */
  selectedQuantity: z.number().int(),
  selectedTotalFen: NonNegativeFen,
});
export type CartView = z.infer<typeof CartView>;

export const AddCartItemBody = z.object({
  skuId: z.number().int().positive(),
  quantity: z.number().int().min(1).max(999),
});
export const UpdateCartItemBody = z.object({
  quantity: z.number().int().min(1).max(999).optional(),
  selected: z.boolean().optional(),
});
/** Select or unselect some lines (ids) or all of them (no ids). */
export const SelectCartItemsBody = z.object({
  selected: z.boolean(),
  ids: z.array(z.number().int().positive()).max(200).optional(),
});

export const getCart = defineRoute({
  method: 'GET',
  path: '/api/cart',
  summary: 'My cart, each line priced now and marked when it cannot be bought as it is',
  tags: ['cart'],
  access: access.member,
  response: CartView,
});
export const addCartItem = defineRoute({
  method: 'POST',
  path: '/api/cart/items',
  summary: 'Add a SKU to my cart (adds to the quantity when it is there already)',
  tags: ['cart'],
  access: access.member,
  body: AddCartItemBody,
  response: CartView,
  status: 201,
});
// PUT, not PATCH: wx.request cannot send PATCH, and setting a line's quantity or selection is idempotent anyway
export const updateCartItem = defineRoute({
  method: 'PUT',
  path: '/api/cart/items/:id',
  summary: 'Change the quantity of a cart line, or select / unselect it',
  tags: ['cart'],
  access: access.member,
  params: z.object({ id: Id }),
  body: UpdateCartItemBody,
  response: CartView,
});
export const selectCartItems = defineRoute({
  method: 'POST',
  path: '/api/cart/select',
  summary: 'Select or unselect some cart lines, or all of them',
  tags: ['cart'],
  access: access.member,
  body: SelectCartItemsBody,
  response: CartView,
});
export const removeCartItem = defineRoute({
  method: 'DELETE',
  path: '/api/cart/items/:id',
  summary: 'Remove a line from my cart',
  tags: ['cart'],
  access: access.member,
  params: z.object({ id: Id }),
  response: CartView,
});
