import { describe, expect, it } from '@jest/globals';
import type { CartLineView, CartView } from '@mall/shared';
import { cartLineNote, isAllSelected } from './cart';

const line = (over: Partial<CartLineView>): CartLineView =>
  ({
    id: 1,
    state: 'ok',
    isBuyable: true,
    selected: true,
    stock: 10,
    addedPriceFen: 1_000,
    unitPriceFen: 1_000,
    ...over,
  }) as CartLineView;

describe('cart page rules', () => {
  it('marks lines that changed since they were added', () => {
    expect(cartLineNote(line({}))).toBeNull();
    expect(cartLineNote(line({ state: 'off_sale', isBuyable: false }))).toBe('已下架');
    expect(cartLineNote(line({ state: 'out_of_stock', stock: 0, isBuyable: false }))).toBe('已售罄');
    expect(cartLineNote(line({ state: 'out_of_stock', stock: 2, isBuyable: false }))).toBe('库存不足，仅剩 2 件');
    expect(cartLineNote(line({ state: 'price_changed', unitPriceFen: 900 }))).toContain('降价');
    expect(cartLineNote(line({ state: 'price_changed', unitPriceFen: 1_200 }))).toContain('涨价');
  });

  it('全选 counts only lines that can be bought', () => {
    const cart = (lines: CartLineView[]) => ({ lines, selectedQuantity: 0, selectedTotalFen: 0 }) as CartView;
    expect(isAllSelected(cart([line({}), line({ id: 2, selected: false, isBuyable: false })]))).toBe(true);
    expect(isAllSelected(cart([line({}), line({ id: 2, selected: false })]))).toBe(false);
    expect(isAllSelected(cart([line({ isBuyable: false })]))).toBe(false);
  });
});
