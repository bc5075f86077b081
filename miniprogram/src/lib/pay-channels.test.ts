import { describe, expect, it } from '@jest/globals';
import { alipayReturnUrl, payChannelsFor } from './pay-channels';

describe('pay channels', () => {
  it('offers Alipay only in H5', () => {
    expect(payChannelsFor('h5')).toEqual(['wechat', 'alipay', 'offline']);
    expect(payChannelsFor('weapp')).toEqual(['wechat', 'offline']);
  });

  it('sends the Alipay buyer back to the pay-result page of the order', () => {
    expect(alipayReturnUrl('http://127.0.0.1:5173/index.html?x=1#/pages/order-confirm/index?productId=3', 'O123')).toBe(
      'http://127.0.0.1:5173/index.html?x=1#/pages/pay-result/index?orderNo=O123',
    );
  });
});
