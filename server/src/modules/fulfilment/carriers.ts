/**
 * Carriers we ship with: our code is Kuaidi100's (tracking), and the WeChat shipping upload needs WeChat's
 * delivery_id for the same company (get_delivery_list). SF, ZTO and YTO are confirmed in platform-apis.md §5; the
 * others follow WeChat's list as commonly published and should be checked against get_delivery_list before use.
 */
export interface Carrier {
  code: string;
  name: string;
  wechatDeliveryId: string;
}

export const CARRIERS: readonly Carrier[] = [
  { code: 'shunfeng', name: '顺丰速运', wechatDeliveryId: 'SF' },
  { code: 'zhongtong', name: '中通快递', wechatDeliveryId: 'ZTO' },
  { code: 'yuantong', name: '圆通速递', wechatDeliveryId: 'YTO' },
  { code: 'yunda', name: '韵达快递', wechatDeliveryId: 'YD' },
  { code: 'shentong', name: '申通快递', wechatDeliveryId: 'STO' },
  { code: 'jd', name: '京东物流', wechatDeliveryId: 'JD' },
  { code: 'ems', name: 'EMS', wechatDeliveryId: 'EMS' },
  { code: 'jtexpress', name: '极兔速递', wechatDeliveryId: 'JTSD' },
  { code: 'debangkuaidi', name: '德邦快递', wechatDeliveryId: 'DB' },
];

const byCode = new Map(CARRIERS.map((c) => [c.code, c]));

export function carrierOf(code: string): Carrier | undefined {
  return byCode.get(code);
}

export const WECHAT_DELIVERY_IDS = CARRIERS.map((c) => c.wechatDeliveryId);
