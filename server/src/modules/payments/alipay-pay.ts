import type { BodyOf } from '@mall/shared';
import type { alipayPay } from '@mall/shared';
import { DomainError } from '../../platform/errors';
import { openPaymentAttempt } from './payment-attempt';
import type { PaymentsDeps } from './payments-deps';

/**
 * Starts an Alipay payment on the order's Alipay attempt (its out_trade_no written first, reused on retry):
 * alipay.trade.create for an Alipay mini-program buyer (my.tradePay takes the trade_no), or the signed
 * alipay.trade.wap.pay cashier URL for H5. Either way the order turns paid only by the verified notification
 * (or 主动查单), never by what the client reports.
 */
export async function startAlipayPayment(deps: PaymentsDeps, memberId: number, body: BodyOf<typeof alipayPay>) {
  const alipay = deps.alipay;
  if (!alipay) throw new DomainError('CHANNEL_DISABLED', 'Alipay is not available in this shop', 409);
  const { order, payment } = await openPaymentAttempt(deps, memberId, body.orderNo, 'alipay');
  const subject = `订单 ${order.orderNo}`;
  if (body.mode === 'miniprogram') {
    const { tradeNo } = await alipay.createTrade({
      outTradeNo: payment.outTradeNo,
      amountFen: payment.amountFen,
      subject,
      buyerOpenId: body.buyerOpenId,
      expiresAt: order.expiresAt,
    });
    return { outTradeNo: payment.outTradeNo, tradeNo };
  }
  const payUrl = alipay.wapPayUrl({
    outTradeNo: payment.outTradeNo,
    amountFen: payment.amountFen,
    subject,
    expiresAt: order.expiresAt,
    returnUrl: body.returnUrl,
  });
  return { outTradeNo: payment.outTradeNo, payUrl };
}
