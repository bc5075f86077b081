import type { Transaction } from 'sequelize';
import { assertTransition, shippingUploadTransitions, type ShippingUploadStatus } from '@mall/shared';
import {
  wechatUploadTime,
  type ShippingInfoClient,
  type ShippingListItem,
  type UploadShippingInfoRequest,
} from '../../integrations/wechat';
import type { PlatformDeps } from '../../platform/deps';
import { enqueueAfterCommit } from '../../platform/queue/queues';
import { carrierOf } from './carriers';
import { ShippingUpload, Shipment, ShipmentLine } from './fulfilment.model';

export const UPLOAD_JOB = 'wechat-shipping-upload';
export type UploadDeps = PlatformDeps & { shippingInfo: ShippingInfoClient };

/** The WeChat Pay payment of the order (payments' door, read by the flow). */
export interface PaidWechatPayment {
  outTradeNo: string;
  transactionId: string | null;
  payerOpenid: string | null;
}

/** item_desc: what the parcel holds, at most 120 characters (WeChat's limit). */
function itemDesc(lines: ShipmentLine[]): string {
  const text = lines.map((l) => (l.quantity > 1 ? `${l.productName}×${l.quantity}` : l.productName)).join('、');
  return text.length > 120 ? `${text.slice(0, 119)}…` : text || '商品';
}

async function buildRequest(
  orderId: number,
  payment: PaidWechatPayment,
  mchId: string,
  tx: Transaction,
): Promise<Omit<UploadShippingInfoRequest, 'upload_time'>> {
  const shipments = (
    await Shipment.findAll({ where: { orderId, aftersaleNo: null }, order: [['id', 'ASC']], transaction: tx })
  ).slice(0, 15);
  const lines = await ShipmentLine.findAll({ where: { orderId }, order: [['id', 'ASC']], transaction: tx });
  const shippingList: ShippingListItem[] = shipments.map((s) => {
    const deliveryId = carrierOf(s.carrierCode)?.wechatDeliveryId ?? s.carrierCode.toUpperCase();
    return {
      tracking_no: s.trackingNo,
      express_company: deliveryId,
      item_desc: itemDesc(lines.filter((l) => l.shipmentId === s.id)),
      // SF requires a contact, masked with the last 4 digits visible (platform-apis.md §5)
      ...(deliveryId === 'SF' && s.receiverPhoneMasked ? { contact: { receiver_contact: s.receiverPhoneMasked } } : {}),
    };
  });
  const split = shippingList.length > 1;
  return {
    order_key: payment.transactionId
      ? { order_number_type: 2, transaction_id: payment.transactionId }
      : { order_number_type: 1, mchid: mchId, out_trade_no: payment.outTradeNo },
    logistics_type: 1,
    delivery_mode: split ? 2 : 1,
    ...(split ? { is_all_delivered: true } : {}),
    shipping_list: shippingList,
    payer: { openid: payment.payerOpenid ?? '' },
  };
}

/**
 * When the order's last line went out: one upload of all its parcels (WeChat counts a second upload per payment as
 * a re-ship, so it is never repeated once done). Written in the ship transaction, sent by a job after commit.
 */
export async function queueShippingUpload(
  deps: Pick<PlatformDeps, 'queues' | 'logger' | 'config'>,
  tx: Transaction,
  order: { orderId: number; orderNo: string },
  payment: PaidWechatPayment,
): Promise<void> {
  if (!deps.config.fulfilment.wechatShippingUpload) return;
  const request = await buildRequest(order.orderId, payment, deps.config.wechatpay.mchId, tx);
  const [row] = await ShippingUpload.findOrCreate({
    where: { orderId: order.orderId },
    defaults: {
      orderId: order.orderId,
      orderNo: order.orderNo,
      status: 'pending',
      requestJson: JSON.stringify(request),
    },
    transaction: tx,
  });
  if (row.status === 'uploaded') return;
  enqueueAfterCommit(
    tx,
    deps.queues.fulfilment,
    UPLOAD_JOB,
    { orderId: order.orderId },
    { jobId: `wechat-shipping:${order.orderId}` },
    deps.logger,
  );
}

async function move(row: ShippingUpload, to: ShippingUploadStatus, fields: Partial<ShippingUpload> = {}) {
  assertTransition('shipping upload', shippingUploadTransitions, row.status, to);
  await row.update({ ...fields, status: to });
}

/**
 * The upload job. Idempotent by order: an uploaded row is done; a retry first asks WeChat (get_order) whether an
 * earlier attempt got through with its answer lost, and then only records it. Failures are kept on the row; after
 * the last attempt the row is `failed` and an admin may retry it.
 */
export async function runShippingUpload(
  deps: UploadDeps,
  orderId: number,
  attempt: { isLast: boolean },
): Promise<ShippingUploadStatus | null> {
  const row = await ShippingUpload.findOne({ where: { orderId } });
  if (!row || row.status === 'uploaded') return row?.status ?? null;
  const request = JSON.parse(row.requestJson) as Omit<UploadShippingInfoRequest, 'upload_time'>;
  const triedBefore = row.attempts > 0;
  await row.update({ attempts: row.attempts + 1 });
  try {
    if (triedBefore) {
      const key = request.order_key;
      const known = await deps.shippingInfo.getOrder(
        key.order_number_type === 2
          ? { transaction_id: key.transaction_id }
          : { merchant_id: key.mchid, merchant_trade_no: key.out_trade_no },
      );
      if (known && known.orderState >= 2) {
        await move(row, 'uploaded', { uploadedAt: new Date(), lastError: null });
        return 'uploaded';
      }
    }
    await deps.shippingInfo.upload({ ...request, upload_time: wechatUploadTime(new Date()) });
    await move(row, 'uploaded', { uploadedAt: new Date(), lastError: null });
    return 'uploaded';
  } catch (error) {
    const lastError = (error instanceof Error ? error.message : String(error)).slice(0, 300);
    if (attempt.isLast && row.status === 'pending') await move(row, 'failed', { lastError });
    else await row.update({ lastError });
    throw error;
  }
}

/** An admin retries a failed upload (a new job: the first one's id is spent). */
export async function retryShippingUpload(deps: Pick<PlatformDeps, 'queues'>, orderId: number, tx: Transaction) {
  const row = await ShippingUpload.findOne({ where: { orderId }, transaction: tx, lock: tx.LOCK.UPDATE });
  if (!row) return null;
  if (row.status === 'failed') {
    assertTransition('shipping upload', shippingUploadTransitions, row.status, 'pending');
    await row.update({ status: 'pending' }, { transaction: tx });
    tx.afterCommit(() => {
      void deps.queues.fulfilment.add(
        UPLOAD_JOB,
        { orderId },
        { jobId: `wechat-shipping:${orderId}:retry:${Date.now()}` },
      );
    });
  }
  return row.status;
}

export async function shippingUploadViewOf(orderId: number) {
  const row = await ShippingUpload.findOne({ where: { orderId } });
  return row
    ? {
        status: row.status,
        attempts: row.attempts,
        uploadedAt: row.uploadedAt ? row.uploadedAt.toISOString() : null,
        lastError: row.lastError,
      }
    : null;
}
