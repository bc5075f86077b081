import Taro from '@tarojs/taro';
import type { ShippingAddress } from '@mall/shared';

/** The address book page, opened from checkout to pick one, hands the choice back on this event. */
export const ADDRESS_SELECTED_EVENT = 'address:selected';

/** The last address typed at checkout before the member had a book, to prefill the next one. */
const ADDRESS_KEY = 'checkout.lastAddress';

export const EMPTY_ADDRESS: ShippingAddress = { receiverName: '', phone: '', region: '', detail: '' };

export function loadLastAddress(): ShippingAddress {
  const saved: unknown = Taro.getStorageSync(ADDRESS_KEY);
  if (!saved || typeof saved !== 'object') return EMPTY_ADDRESS;
  const s = saved as Partial<Record<keyof ShippingAddress, unknown>>;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return { receiverName: text(s.receiverName), phone: text(s.phone), region: text(s.region), detail: text(s.detail) };
}

export function saveLastAddress(address: ShippingAddress): void {
  Taro.setStorageSync(ADDRESS_KEY, address);
}
