import type { WechatPayParams } from '@mall/shared';
import { getMember } from '../members';
import type { PlatformDeps } from '../../platform/deps';
import type { WechatPayGateway } from '../../integrations/wechatpay';
import { openPaymentAttempt } from './payment-attempt';

// WeChat keeps a prepay_id for 2 hours; renew a little early so the member never pays with a dead one
const PREPAY_TTL_MS = 110 * 60_000;

/**
 * The payment row (with its out_trade_no) is written before WeChat is called, so a retry reuses the same
 * out_trade_no and WeChat sees one order, never two.
 */
export async function createWechatPrepay(
  deps: PlatformDeps & { wechatpay: WechatPayGateway },
  memberId: number,
  orderNo: string,
): Promise<WechatPayParams> {
  const { order, payment } = await openPaymentAttempt(deps, memberId, orderNo, 'wechatpay');
  if (payment.prepayId && payment.prepayExpiresAt && payment.prepayExpiresAt.getTime() > Date.now()) {
    return deps.wechatpay.requestPaymentParams(payment.prepayId);
  }
  const { openid } = await getMember(memberId); // members' door; only the openid is used
  const { prepayId } = await deps.wechatpay.jsapiPrepay({
    outTradeNo: payment.outTradeNo,
    description: `订单 ${order.orderNo}`,
    amountFen: payment.amountFen,
    openid,
    expiresAt: order.expiresAt,
  });
  await payment.update({ prepayId, prepayExpiresAt: new Date(Date.now() + PREPAY_TTL_MS) });
  return deps.wechatpay.requestPaymentParams(prepayId);
}
