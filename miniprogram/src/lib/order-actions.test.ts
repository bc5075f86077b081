import { describe, expect, test } from '@jest/globals';
import type { AftersaleView, OrderView } from '@mall/shared';
import { mergeNewestFirst, orderActions, remainingBySku } from './order-actions';

const order = (orderNo: string, createdAt: string, lines: [skuId: number, quantity: number][] = []) =>
  ({
    orderNo,
    createdAt,
    lines: lines.map(([skuId, quantity]) => ({ skuId, quantity })),
  }) as unknown as OrderView;

const request = (orderNo: string, skuId: number, quantity: number, status: AftersaleView['status']) =>
  ({ orderNo, skuId, quantity, status }) as AftersaleView;

describe('order actions per status', () => {
  test.each([
    ['pending_payment', ['cancel', 'pay']],
    ['paid', ['apply_aftersale', 'remind']],
    ['shipped', ['apply_aftersale', 'confirm_receipt']],
    ['received', ['apply_aftersale']],
    ['completed', []],
    ['cancelled', []],
    ['refunding', []],
    ['refunded', []],
  ] as const)('%s offers %j', (status, actions) => {
    expect(orderActions(status)).toEqual(actions);
  });
});

describe('the 已完成 tab lists received and completed orders together', () => {
  test('newest first, each order once', () => {
    const a = order('A000000001', '2026-11-01T00:00:00.000Z');
    const b = order('B000000001', '2026-11-03T00:00:00.000Z');
    const c = order('C000000001', '2026-11-02T00:00:00.000Z');
    expect(
      mergeNewestFirst([
        [a, b],
        [c, b],
      ]).map((o) => o.orderNo),
    ).toEqual(['B000000001', 'C000000001', 'A000000001']);
  });
});

describe('units of a line still open to after-sales', () => {
  const o = order('A000000001', '2026-11-01T00:00:00.000Z', [
    [1, 3],
    [2, 1],
  ]);

  test('open requests hold their units; rejected and withdrawn ones give them back', () => {
    const left = remainingBySku(o, [
      request('A000000001', 1, 1, 'requested'),
      request('A000000001', 1, 1, 'refunded'),
      request('A000000001', 1, 1, 'withdrawn'),
      request('A000000001', 2, 1, 'rejected'),
    ]);
    expect(left.get(1)).toBe(2);
    expect(left.get(2)).toBe(1);
  });

  test('another order’s requests do not count, and nothing goes below zero', () => {
    const left = remainingBySku(o, [
      request('Z000000001', 1, 3, 'requested'),
      request('A000000001', 2, 5, 'refunding'),
    ]);
    expect(left.get(1)).toBe(3);
    expect(left.get(2)).toBe(0);
  });
});
