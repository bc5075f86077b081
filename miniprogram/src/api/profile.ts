import { type AddressBody, type ProfileView, type UpdateProfileBody } from '@mall/shared';
import type {
  bindMyPhone as bindMyPhoneContract,
  createMyAddress as createMyAddressContract,
  deleteMyAddress as deleteMyAddressContract,
  getMyProfile as getMyProfileContract,
  listMyAddresses as listMyAddressesContract,
  sandboxPhoneCode as sandboxPhoneCodeContract,
  setMyDefaultAddress as setMyDefaultAddressContract,
  updateMyAddress as updateMyAddressContract,
  updateMyProfile as updateMyProfileContract,
  uploadMyAvatar as uploadMyAvatarContract,
} from '@mall/shared';
import Taro from '@tarojs/taro';
import { getToken } from '../stores/session';
import { withDeviceHeader } from './device';
import { API_BASE } from './base';
import { ApiError, call, route } from './client';

const bindMyPhone = route<typeof bindMyPhoneContract>('POST', '/api/me/phone');
const createMyAddress = route<typeof createMyAddressContract>('POST', '/api/me/addresses');
const deleteMyAddress = route<typeof deleteMyAddressContract>('DELETE', '/api/me/addresses/:addressId');
const getMyProfile = route<typeof getMyProfileContract>('GET', '/api/me/profile');
const listMyAddresses = route<typeof listMyAddressesContract>('GET', '/api/me/addresses');
const sandboxPhoneCode = route<typeof sandboxPhoneCodeContract>('POST', '/sandbox/wechat/phone-code');
const setMyDefaultAddress = route<typeof setMyDefaultAddressContract>('POST', '/api/me/addresses/:addressId/default');
const updateMyAddress = route<typeof updateMyAddressContract>('PUT', '/api/me/addresses/:addressId');
const updateMyProfile = route<typeof updateMyProfileContract>('PUT', '/api/me/profile');
const uploadMyAvatar = route<typeof uploadMyAvatarContract>('POST', '/api/me/avatar');

export const getProfile = () => call(getMyProfile);
export const updateProfile = (body: UpdateProfileBody) => call(updateMyProfile, { body });
export const bindPhone = (code: string) => call(bindMyPhone, { body: { code } });

export const listAddresses = () => call(listMyAddresses);
export const createAddress = (body: AddressBody) => call(createMyAddress, { body });
export const updateAddress = (addressId: number, body: AddressBody) =>
  call(updateMyAddress, { params: { addressId }, body });
export const setDefaultAddress = (addressId: number) => call(setMyDefaultAddress, { params: { addressId } });
export const deleteAddress = (addressId: number) => call(deleteMyAddress, { params: { addressId } });

/** Sandbox stand-in for the getPhoneNumber button (H5 only): a one-time code for the number typed in, made for us. */
export const issueSandboxPhoneCode = (phone: string, openid: string) =>
  call(sandboxPhoneCode, { body: { phone, openid } });

/** The image chosen with chooseAvatar (weapp) or chooseImage (H5), sent as multipart; answers the new profile. */
export async function uploadAvatar(filePath: string): Promise<ProfileView> {
  const token = getToken();
  const res = await Taro.uploadFile({
    url: `${API_BASE}${uploadMyAvatar.path}`,
    filePath,
    name: 'file',
    header: await withDeviceHeader(token ? { Authorization: `Bearer ${token}` } : {}),
  });
  let data: unknown = null;
  try {
    data = JSON.parse(res.data);
  } catch {
    /* not JSON */
  }
  if (res.statusCode === 200) return data as ProfileView;
  const error = (data as { error?: { code?: string; message?: string } } | null)?.error;
  throw new ApiError(res.statusCode, error?.code ?? 'HTTP_ERROR', error?.message ?? `上传失败（${res.statusCode}）`);
}
