import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { Button, InputNumber } from '../../components/nutui';
import { formatYuan, type CartLineView, type CartView } from '@mall/shared';
import { getCart, removeCartLine, selectAllCartLines, setCartLineSelected, setCartQuantity } from '../../api/cart';
import { assetUrl } from '../../api/base';
import { messageOf } from '../../api/client';
import { LoginPrompt } from '../../components/login-prompt';
import { cartLineNote, isAllSelected } from '../../lib/cart';
import { describeSpecs } from '../../lib/sku';
import { isLoggedIn } from '../../stores/session';
import './index.css';

export const CART_CHECKOUT_URL = '/pages/order-confirm/index?fromCart=1';

const H5_CLASS = process.env.TARO_ENV === 'h5' ? ' is-h5' : '';

const toast = (title: string) => void Taro.showToast({ title, icon: 'none' });

function CartLine({ line, onChange }: { line: CartLineView; onChange: (change: Promise<CartView>) => void }) {
  const note = cartLineNote(line);
  const remove = async () => {
    const { confirm } = await Taro.showModal({ title: '删除商品', content: `从购物车删除「${line.productName}」？` });
    if (confirm) onChange(removeCartLine(line.id));
  };
  return (
    <View className={`card cart-line e2e-cart-line e2e-cart-line-${line.state}${line.isBuyable ? '' : ' is-invalid'}`}>
      <View
        className={`cart-line__check e2e-cart-select${line.selected && line.isBuyable ? ' is-checked' : ''}`}
        onClick={() => line.isBuyable && onChange(setCartLineSelected(line.id, !line.selected))}
      >
        {line.selected && line.isBuyable ? '✓' : ''}
      </View>
      <Image className="cart-line__cover" src={assetUrl(line.coverUrl)} mode="aspectFill" />
      <View className="cart-line__info">
        <Text className="cart-line__name e2e-cart-line-name">{line.productName}</Text>
        <Text className="muted">{describeSpecs(line.specs)}</Text>
        {note && <Text className={`cart-line__note e2e-cart-line-note is-${line.state}`}>{note}</Text>}
        <View className="row">
          <Text className="price">{formatYuan(line.unitPriceFen)}</Text>
          {line.isBuyable ? (
            <InputNumber
              className="e2e-cart-quantity"
              min={1}
              max={Math.max(1, Math.min(line.stock, 999))}
              value={line.quantity}
              onChange={(v) => {
                const quantity = Number(v);
                if (quantity >= 1 && quantity !== line.quantity) onChange(setCartQuantity(line, quantity));
              }}
            />
          ) : (
            <Text className="muted">×{line.quantity}</Text>
          )}
        </View>
      </View>
      <Text className="cart-line__remove muted e2e-cart-remove" onClick={() => void remove()}>
        删除
      </Text>
    </View>
  );
}

/** 购物车 (tab): lines priced now, invalid ones marked, quantity, select, remove, and 结算 of the selected lines. */
function CartPage() {
  const [cart, setCart] = useState<CartView | null>(null);
  const [loggedIn, setLoggedIn] = useState(isLoggedIn());
  const [error, setError] = useState('');

  const load = () => {
    if (!isLoggedIn()) return setLoggedIn(false);
    setLoggedIn(true);
    getCart()
      .then(setCart)
      .catch((err: unknown) => setError(messageOf(err)));
  };
  useDidShow(load);

  // every change answers the whole cart again, priced now
  const apply = (change: Promise<CartView>) =>
    void change.then(setCart).catch((err: unknown) => {
      toast(messageOf(err));
      load();
    });

  if (!loggedIn) return <LoginPrompt hint="登录后查看购物车" onLoggedIn={load} />;
  if (!cart) return <View className="placeholder">{error || '加载中…'}</View>;
  if (cart.lines.length === 0) {
    return (
      <View className="placeholder e2e-cart-empty">
        <Text>购物车是空的</Text>
        <View style={{ marginTop: '24px' }}>
          <Button size="small" onClick={() => void Taro.switchTab({ url: '/pages/index/index' })}>
            去逛逛
          </Button>
        </View>
      </View>
    );
  }

  const allSelected = isAllSelected(cart);
  const settle = () => {
    if (cart.selectedQuantity === 0) return toast('请选择要结算的商品');
    void Taro.navigateTo({ url: CART_CHECKOUT_URL });
  };

  return (
    <View className={`page cart e2e-cart${H5_CLASS}`}>
      {cart.lines.map((line) => (
        <CartLine key={line.id} line={line} onChange={apply} />
      ))}
      <View className={`bottom-bar cart__bar${H5_CLASS}`}>
        <View className="cart__all e2e-cart-select-all" onClick={() => apply(selectAllCartLines(!allSelected))}>
          <View className={`cart-line__check${allSelected ? ' is-checked' : ''}`}>{allSelected ? '✓' : ''}</View>
          <Text>全选</Text>
        </View>
        <View className="cart__total">
          <Text>合计 </Text>
          <Text className="price e2e-cart-total">{formatYuan(cart.selectedTotalFen)}</Text>
          <Text className="muted cart__hint">不含运费</Text>
        </View>
        <Button type="primary" className="e2e-cart-settle" disabled={cart.selectedQuantity === 0} onClick={settle}>
          结算({cart.selectedQuantity})
        </Button>
      </View>
    </View>
  );
}

export default CartPage;
