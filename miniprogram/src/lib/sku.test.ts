import { describe, expect, test } from '@jest/globals';
import { initialSelection, pricesDiffer, type Sku } from './sku';

const sku = (id: number, specs: Record<string, string>, priceFen: number) => ({ id, specs, priceFen, stock: 5 }) as Sku;

describe('the product page’s spec choice', () => {
  test('a one-SKU product opens with its only SKU chosen', () => {
    expect(initialSelection([sku(1, { 规格: '500g' }, 1000)])).toEqual({ 规格: '500g' });
  });

  test('of several SKUs, only a spec with a single value is chosen at the start', () => {
    const skus = [sku(1, { 规格: '500g', 产地: '云南' }, 1000), sku(2, { 规格: '1kg', 产地: '云南' }, 1800)];
    expect(initialSelection(skus)).toEqual({ 产地: '云南' });
  });

  test('起 only where the SKU prices differ', () => {
    expect(pricesDiffer([sku(1, { 规格: 'a' }, 1000), sku(2, { 规格: 'b' }, 1000)])).toBe(false);
    expect(pricesDiffer([sku(1, { 规格: 'a' }, 1000), sku(2, { 规格: 'b' }, 1200)])).toBe(true);
  });
});
