import type { WechatPayParams } from '@mall/shared';
import { getMember } from '../members';
import { findOrderForPayment } from '../orders';
import { withTx } from '../../platform/db/database';
import { DomainError, NotFoundError } from '../../platform/errors';
import type { PlatformDeps } from '../../platform/deps';
import type { WechatPayGateway } from '../../integrations/wechatpay';
import { Payment } from './payment.model';

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
  const order = await findOrderForPayment(orderNo, memberId);
  if (!order) throw new NotFoundError('This order', 'orderNo');
  if (order.status !== 'pending_payment') {
    throw new DomainError(
      'ORDER_NOT_PAYABLE',
      `This order is ${order.status}, not waiting for payment`,
      409,
      'orderNo',
    );
  }
  if (order.expiresAt.getTime() <= Date.now()) {
    throw new DomainError('ORDER_EXPIRED', 'This order passed its payment deadline', 409, 'orderNo');
  }
  const payment = await withTx(deps.sequelize, async (tx) => {
    const [row] = await Payment.findOrCreate({
      where: { orderId: order.orderId, channel: 'wechatpay' },
      defaults: {
        orderId: order.orderId,
        channel: 'wechatpay',
        outTradeNo: order.orderNo,
        status: 'pending',
        amountFen: order.payableFen,
        prepayId: null,
        prepayExpiresAt: null,
      },
      transaction: tx,
    });
    return row;
  });
  if (payment.status !== 'pending') {
    throw new DomainError('ORDER_NOT_PAYABLE', 'This order is already paid or its payment closed', 409, 'orderNo');
  }
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
