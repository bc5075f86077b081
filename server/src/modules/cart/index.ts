import { defineModule } from '../../platform/module';
import { initCartModels } from './cart.model';

export {
  addCartItem,
  cartItemsOf,
  removeCartItem,
  removeCartSkus,
  removeCartSkusInBatch,
  selectCartItems,
  updateCartItem,
  MAX_CART_LINES,
  type CartItemView,
} from './cart-items';

/**
 * The member's cart (cart_items). Its routes are in flows/cart-view.ts: a cart line is shown priced, with
 * stock and sale state, which needs the catalog, inventory and pricing.
 */
export const cartModule = defineModule({
  name: 'cart',
  initModels: initCartModels,
});
