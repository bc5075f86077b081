import Taro from '@tarojs/taro';

/** The install id (X-Device-Id): made once, kept in storage; the server keeps only its keyed hash (fund risk). */
const DEVICE_KEY = 'mall.device';
const DEVICE_ID = /^[0-9a-f]{32}$/;

/** 16 bytes from a crypto-safe source: Web Crypto (H5) or wx.getRandomValues (weapp); none: no id. */
async function randomBytes(): Promise<Uint8Array | null> {
  const webCrypto = (globalThis as { crypto?: Pick<Crypto, 'getRandomValues'> }).crypto;
  if (webCrypto?.getRandomValues) return webCrypto.getRandomValues(new Uint8Array(16));
  if (process.env.TARO_ENV !== 'weapp') return null;
  return new Uint8Array((await Taro.getRandomValues({ length: 16 })).randomValues);
}

async function loadDeviceId(): Promise<string | null> {
  const saved: unknown = Taro.getStorageSync(DEVICE_KEY);
  if (typeof saved === 'string' && DEVICE_ID.test(saved)) return saved;
  const bytes = await randomBytes().catch(() => null);
  if (!bytes) return null;
  const id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  Taro.setStorageSync(DEVICE_KEY, id);
  return id;
}

let deviceId: Promise<string | null> | undefined;

/** The install id, made on first use; null where no safe random source exists (the header is then left out). */
export function getDeviceId(): Promise<string | null> {
  return (deviceId ??= loadDeviceId());
}

/** The headers of a request made outside `call` (uploads, images), with the install id. */
export async function withDeviceHeader(header: Record<string, string>): Promise<Record<string, string>> {
  const id = await getDeviceId();
  return id ? { ...header, 'X-Device-Id': id } : header;
}
