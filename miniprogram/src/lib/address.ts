import type { ShippingAddress } from '@mall/shared';

/** The first problem with an address, in words for a toast; null when it is complete. */
export function addressProblem(a: ShippingAddress): string | null {
  if (!a.receiverName.trim()) return '请填写收货人';
  if (!/^1\d{10}$/.test(a.phone.trim())) return '请填写 11 位手机号';
  if (!a.region.trim()) return '请选择所在地区';
  if (!a.detail.trim()) return '请填写详细地址';
  return null;
}

export function trimAddress(a: ShippingAddress): ShippingAddress {
  return {
    receiverName: a.receiverName.trim(),
    phone: a.phone.trim(),
    region: a.region.trim(),
    detail: a.detail.trim(),
  };
}
