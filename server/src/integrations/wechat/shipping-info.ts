/**
 * Mini-program shipping information (发货信息管理服务), required of trading mini-programs:
 * POST /wxa/sec/order/upload_shipping_info?access_token=… and /wxa/sec/order/get_order (platform-apis.md §5).
 * One upload per payment: a second counts as a re-ship, so callers ask get_order first when retrying.
 */
import type { AccessTokenSource } from './access-token';
import { WechatApiError, type WechatConfig } from './code2session';
import { postWechat, throwOnErrcode, withAccessToken } from './open-api-call';

/** order_number_type 1: mchid + out_trade_no; 2: transaction_id. */
export type ShippingOrderKey =
  { order_number_type: 1; mchid: string; out_trade_no: string } | { order_number_type: 2; transaction_id: string };

export interface ShippingListItem {
  tracking_no?: string;
  express_company?: string;
  /** At most 120 characters. */
  item_desc: string;
  contact?: { consignor_contact?: string; receiver_contact?: string };
}

export interface UploadShippingInfoRequest {
  order_key: ShippingOrderKey;
  /** 1 courier, 2 same-city, 3 virtual, 4 pickup. */
  logistics_type: 1 | 2 | 3 | 4;
  /** 1 UNIFIED_DELIVERY, 2 SPLIT_DELIVERY (courier only). */
  delivery_mode: 1 | 2;
  is_all_delivered?: boolean;
  shipping_list: ShippingListItem[];
  /** RFC 3339, e.g. 2022-12-15T13:29:35.120+08:00; a later upload must carry a later time. */
  upload_time: string;
  payer: { openid: string };
}

/** get_order's order_state: 1 待发货, 2 已发货, 3 确认收货, 4 交易完成, 5 已退款, 6 资金待结算. */
export interface WechatShippingOrder {
  orderState: number;
}

/** "支付单不存在": the payment is not known to the shipping service yet (a race with the payment callback). */
export const PAYMENT_NOT_FOUND_ERRCODE = 10060001;

export interface ShippingInfoClient {
  upload(request: UploadShippingInfoRequest): Promise<void>;
  /** null when WeChat does not know the payment (10060001). */
  getOrder(
    key: { transaction_id: string } | { merchant_id: string; merchant_trade_no: string },
  ): Promise<WechatShippingOrder | null>;
}

export function createShippingInfoClient(cfg: WechatConfig, tokens: AccessTokenSource): ShippingInfoClient {
  const base = cfg.apiBaseUrl.replace(/\/+$/, '');
  const call = (name: string, body: unknown) =>
    withAccessToken(tokens, async (token) => {
      const { json } = await postWechat(
        `${base}/wxa/sec/order/${name}?access_token=${encodeURIComponent(token)}`,
        body,
        name,
      );
      if (!json) throw new WechatApiError(-1, `${name}: answer is not JSON`);
      throwOnErrcode(json, name);
      return json;
    });
  return {
    async upload(request) {
      await call('upload_shipping_info', request);
    },
    async getOrder(key) {
      try {
        const json = await call('get_order', key);
        const order = (json.order ?? {}) as { order_state?: unknown };
        return { orderState: Number(order.order_state ?? 0) };
      } catch (error) {
        if ((error as { errcode?: number }).errcode === PAYMENT_NOT_FOUND_ERRCODE) return null;
        throw error;
      }
    },
  };
}

/** RFC 3339 in Beijing time with milliseconds, as WeChat's examples write it. */
export function wechatUploadTime(at: Date): string {
  return `${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 23)}+08:00`;
}
