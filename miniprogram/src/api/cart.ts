import {
  addCartItem as addRoute,
  getCart as getRoute,
  removeCartItem as removeRoute,
  selectCartItems as selectRoute,
  updateCartItem as updateRoute,
} from '@mall/shared';
import { call } from './client';

export const getCart = () => call(getRoute);

export const addToCart = (skuId: number, quantity: number) => call(addRoute, { body: { skuId, quantity } });

export const setCartQuantity = (id: number, quantity: number) =>
  call(updateRoute, { params: { id }, body: { quantity } });

export const setCartLineSelected = (id: number, selected: boolean) =>
  call(updateRoute, { params: { id }, body: { selected } });

/** Select or unselect every line. */
export const selectAllCartLines = (selected: boolean) => call(selectRoute, { body: { selected } });

export const removeCartLine = (id: number) => call(removeRoute, { params: { id } });
