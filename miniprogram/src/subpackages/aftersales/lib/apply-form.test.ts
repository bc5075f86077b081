import { describe, expect, test } from '@jest/globals';
import { ApplyAftersaleBody } from '@mall/shared';
import { formProblem, initialForm, kindsFor, toApplyBody, type ApplyForm } from './apply-form';

const remaining = new Map([
  [11, 2],
  [12, 0],
]);

describe('the after-sales apply form', () => {
  test('a paid order (nothing shipped) offers a refund only; a shipped one every kind', () => {
    expect(kindsFor('paid')).toEqual(['refund_only']);
    expect(kindsFor('shipped')).toEqual(['refund_only', 'return_refund', 'exchange']);
    expect(initialForm('paid', remaining).kind).toBe('refund_only');
    expect(initialForm('received', remaining).kind).toBe('return_refund');
  });

  test('starts on the line asked for, or the first with units left', () => {
    expect(initialForm('shipped', remaining, 11).skuId).toBe(11);
    expect(initialForm('shipped', remaining, 12).skuId).toBe(11); // nothing left on 12
    expect(initialForm('shipped', new Map([[12, 0]])).skuId).toBeNull();
  });

  const complete: ApplyForm = {
    skuId: 11,
    kind: 'return_refund',
    quantity: 2,
    reason: 'damaged',
    description: '',
    photoUrls: [],
  };

  test.each<[string, Partial<ApplyForm>, string, string | null]>([
    ['complete', {}, 'shipped', null],
    ['no line', { skuId: null }, 'shipped', '请选择要售后的商品'],
    ['a line with nothing left', { skuId: 12 }, 'shipped', '该商品已全部申请过售后'],
    ['a return before shipping', {}, 'paid', '订单未发货，只能申请仅退款'],
    ['more than is left', { quantity: 3 }, 'shipped', '数量应为 1 到 2'],
    ['no quantity', { quantity: 0 }, 'shipped', '数量应为 1 到 2'],
    ['no reason', { reason: null }, 'shipped', '请选择售后原因'],
  ])('%s: %j on a %s order', (_name, patch, status, problem) => {
    expect(formProblem({ ...complete, ...patch }, status as 'paid' | 'shipped', remaining)).toBe(problem);
  });

  test('a complete form is a body the server contract accepts', () => {
    const photo = `/media/uploads/ab/${'ab'.repeat(32)}.jpg`;
    const body = toApplyBody('A2026113000001', { ...complete, description: '  外箱压坏  ', photoUrls: [photo] });
    expect(ApplyAftersaleBody.parse(body)).toEqual({
      orderNo: 'A2026113000001',
      skuId: 11,
      kind: 'return_refund',
      quantity: 2,
      reason: 'damaged',
      description: '外箱压坏',
      photoUrls: [photo],
    });
  });
});
