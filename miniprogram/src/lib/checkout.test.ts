import { describe, expect, it } from '@jest/globals';
import { PlaceOrderBody, QuoteBody, type QuoteView } from '@mall/shared';
import {
  changedQuoteOf,
  checkoutSourceOf,
  couponChoiceAfter,
  couponSummary,
  placeBodyOf,
  pointsWorthFen,
  quoteBodyOf,
} from './checkout';

const address = {
  receiverName: '张三',
  phone: '13800138000',
  region: '上海市 上海市 浦东新区',
  detail: '世纪大道 1 号',
};

const quote = {
  lines: [
    { skuId: 3, quantity: 2 },
    { skuId: 7, quantity: 1 },
  ],
  payableFen: 8_150,
  points: { used: 300, maxUsable: 300, balance: 500, pointsPerYuan: 100, capBps: 5000 },
} as unknown as QuoteView;

describe('checkout bodies', () => {
  it('reads the source from the link', () => {
    expect(checkoutSourceOf({ fromCart: '1' })).toEqual({ kind: 'cart' });
    expect(checkoutSourceOf({ productId: '9', skuId: '3', quantity: '2' })).toEqual({
      kind: 'buy_now',
      skuId: 3,
      quantity: 2,
    });
    expect(checkoutSourceOf({ skuId: '3', quantity: 'x' })).toEqual({ kind: 'buy_now', skuId: 3, quantity: 1 });
    expect(checkoutSourceOf({})).toBeNull();
  });

  it('asks the server for a quote the server accepts', () => {
    const fromCart = quoteBodyOf({ kind: 'cart' }, null, 0);
    expect(QuoteBody.parse(fromCart)).toMatchObject({ fromCart: true, pointsToUse: 0 });
    const buyNow = quoteBodyOf({ kind: 'buy_now', skuId: 3, quantity: 2 }, address, 300);
    expect(QuoteBody.parse(buyNow)).toMatchObject({ items: [{ skuId: 3, quantity: 2 }], address, pointsToUse: 300 });
  });

  it('places exactly what was quoted, with the payable the member saw', () => {
    const body = placeBodyOf({ kind: 'cart' }, quote, address, '', 'req-12345678');
    expect(PlaceOrderBody.parse(body)).toMatchObject({
      items: [
        { skuId: 3, quantity: 2 },
        { skuId: 7, quantity: 1 },
      ],
      expectedPayableFen: 8_150,
      pointsToUse: 300,
      fromCart: true,
    });
  });

  it('carries a group-buy to start or join into the quote and the order', () => {
    const start = checkoutSourceOf({ skuId: '3', quantity: '1', groupCampaignId: '5' });
    expect(start).toEqual({ kind: 'buy_now', skuId: 3, quantity: 1, groupBuy: { campaignId: 5 } });
    const join = checkoutSourceOf({ skuId: '3', groupCampaignId: '5', groupId: '8' })!;
    expect(QuoteBody.parse(quoteBodyOf(join, address, 0)).groupBuy).toEqual({ campaignId: 5, groupId: 8 });
    expect(PlaceOrderBody.parse(placeBodyOf(join, quote, address, '', 'req-12345678')).groupBuy).toEqual({
      campaignId: 5,
      groupId: 8,
    });
    expect(checkoutSourceOf({ skuId: '3', groupCampaignId: 'x' })).toEqual({ kind: 'buy_now', skuId: 3, quantity: 1 });
  });

  it('takes the new quote out of 409 QUOTE_CHANGED only', () => {
    expect(changedQuoteOf({ code: 'QUOTE_CHANGED', details: { quote } })).toBe(quote);
    expect(changedQuoteOf({ code: 'OUT_OF_STOCK', details: { quote } })).toBeNull();
    expect(changedQuoteOf(new Error('x'))).toBeNull();
  });

  it('says what points are worth', () => {
    expect(pointsWorthFen(300, 100)).toBe(300);
    expect(pointsWorthFen(150, 100)).toBe(150);
    expect(pointsWorthFen(5, 0)).toBe(0);
  });

  it('sends the chosen coupon with the quote and places the one the quote applied', () => {
    const withCoupon = quoteBodyOf({ kind: 'buy_now', skuId: 3, quantity: 1 }, null, 0, 42);
    expect(QuoteBody.parse(withCoupon)).toMatchObject({ couponId: 42 });
    expect(quoteBodyOf({ kind: 'cart' }, null, 0, null)).not.toHaveProperty('couponId');
    const applied = { ...quote, coupons: { ...coupons, appliedCouponId: 42 } } as QuoteView;
    expect(PlaceOrderBody.parse(placeBodyOf({ kind: 'cart' }, applied, address, '', 'req-12345678'))).toMatchObject({
      couponId: 42,
    });
    expect(placeBodyOf({ kind: 'cart' }, quote, address, '', 'req-12345678')).not.toHaveProperty('couponId');
  });

  it('preselects the best coupon once, then keeps the member’s pick', () => {
    const quoted = { ...quote, coupons } as QuoteView;
    expect(couponChoiceAfter(undefined, quoted)).toBe(42);
    expect(couponChoiceAfter(undefined, quote)).toBeNull();
    expect(couponChoiceAfter(null, quoted)).toBeNull();
    expect(couponChoiceAfter(7, quoted)).toBe(7);
    expect(couponSummary(quoted)).toBe('2张可用');
    expect(couponSummary({ ...quoted, coupons: { ...coupons, appliedCouponId: 42 } } as QuoteView)).toBe('-¥20.00');
    expect(couponSummary({ ...quoted, coupons: { ...coupons, usable: [] } } as QuoteView)).toBe('暂无可用');
  });
});

const coupons = {
  usable: [
    { couponId: 42, name: '满减券', label: '满¥100减¥20', savingFen: 2_000, expiresAt: '2026-12-31T00:00:00.000Z' },
    { couponId: 7, name: '折扣券', label: '无门槛9折', savingFen: 900, expiresAt: '2026-12-31T00:00:00.000Z' },
  ],
  unusable: [],
  bestCouponId: 42,
  appliedCouponId: null,
};
