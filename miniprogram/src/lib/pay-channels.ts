/** How a member can pay, as the pay step offers it (server channels: wechatpay, alipay, offline). */
export type PayChannel = 'wechat' | 'alipay' | 'offline';

export const PAY_CHANNEL_LABELS: Record<PayChannel, string> = {
  wechat: '微信支付',
  alipay: '支付宝',
  offline: '银行转账',
};

/**
 * The channels of this build: Alipay only in H5 (the wap cashier; an Alipay mini-program build is not made, and a
 * WeChat mini-program may not open Alipay).
 */
export function payChannelsFor(env: string | undefined): readonly PayChannel[] {
  return env === 'h5' ? ['wechat', 'alipay', 'offline'] : ['wechat', 'offline'];
}

/** Where Alipay's cashier sends the buyer back (H5, hash router): the pay-result page of the order. */
export function alipayReturnUrl(currentHref: string, orderNo: string): string {
  const base = currentHref.split('#')[0];
  return `${base}#/pages/pay-result/index?orderNo=${encodeURIComponent(orderNo)}`;
}
