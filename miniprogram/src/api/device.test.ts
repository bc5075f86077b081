import { beforeEach, describe, expect, it, jest } from '@jest/globals';

const storage = new Map<string, unknown>();
jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  default: {
    getStorageSync: (key: string) => storage.get(key) ?? '',
    setStorageSync: (key: string, value: unknown) => storage.set(key, value),
  },
}));

/** A fresh module each time: the id is cached per app launch. */
const load = async () => {
  jest.resetModules();
  return import('./device');
};

describe('the install id (X-Device-Id)', () => {
  beforeEach(() => storage.clear());

  it('is made once from crypto-safe random, kept under mall.device and sent again after a restart', async () => {
    const first = await (await load()).getDeviceId();
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(storage.get('mall.device')).toBe(first);
    expect(await (await load()).getDeviceId()).toBe(first);
    const { withDeviceHeader } = await load();
    expect(await withDeviceHeader({ Authorization: 'Bearer t' })).toEqual({
      Authorization: 'Bearer t',
      'X-Device-Id': first,
    });
  });

  it('replaces a stored value that is not one of ours', async () => {
    storage.set('mall.device', 'tampered value');
    const id = await (await load()).getDeviceId();
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(id).not.toBe('tampered value');
  });
});
