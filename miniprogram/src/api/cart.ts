import type {
  addCartItem as addContract,
  getCart as getContract,
  removeCartItem as removeContract,
  selectCartItems as selectContract,
  updateCartItem as updateContract,
} from '@mall/shared';
import { call, route } from './client';

const getRoute = route<typeof getContract>('GET', '/api/cart');
const addRoute = route<typeof addContract>('POST', '/api/cart/items');
const updateRoute = route<typeof updateContract>('PUT', '/api/cart/items/:id');
const selectRoute = route<typeof selectContract>('POST', '/api/cart/select');
const removeRoute = route<typeof removeContract>('DELETE', '/api/cart/items/:id');

export const getCart = () => call(getRoute);

/** Adds to the line's quantity when the SKU is in the cart already (and selects it). */
export const addToCart = (skuId: number, quantity: number) => call(addRoute, { body: { skuId, quantity } });

/** A new quantity: more through 加入购物车's route (POST adds to the line), less by setting the line's quantity. */
export const setCartQuantity = (line: { id: number; skuId: number; quantity: number }, quantity: number) =>
  quantity > line.quantity
    ? addToCart(line.skuId, quantity - line.quantity)
    : call(updateRoute, { params: { id: line.id }, body: { quantity } });

export const setCartLineSelected = (id: number, selected: boolean) =>
  call(selectRoute, { body: { selected, ids: [id] } });

/** Select or unselect every line. */
export const selectAllCartLines = (selected: boolean) => call(selectRoute, { body: { selected } });

export const removeCartLine = (id: number) => call(removeRoute, { params: { id } });
