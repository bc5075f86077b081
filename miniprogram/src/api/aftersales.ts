import Taro from '@tarojs/taro';
import {
  buildPath,
  type AftersalePhotoView,
  type applyAftersale as applyContract,
  type confirmAftersaleReceipt as confirmContract,
  type getMyAftersale as getContract,
  type listMyAftersales as listContract,
  type sendAftersaleReturn as returnContract,
  type uploadAftersalePhoto as photoContract,
  type withdrawAftersale as withdrawContract,
  type ApplyAftersaleBody,
  type QueryOf,
} from '@mall/shared';
import { getToken } from '../stores/session';
import { withDeviceHeader } from './device';
import { API_BASE } from './base';
import { ApiError, call, route } from './client';

const applyRoute = route<typeof applyContract>('POST', '/api/aftersales');
const listRoute = route<typeof listContract>('GET', '/api/aftersales');
const getRoute = route<typeof getContract>('GET', '/api/aftersales/:aftersaleNo');
const withdrawRoute = route<typeof withdrawContract>('POST', '/api/aftersales/:aftersaleNo/withdraw');
const confirmRoute = route<typeof confirmContract>('POST', '/api/aftersales/:aftersaleNo/confirm-receipt');
const photoRoute = route<typeof photoContract>('POST', '/api/aftersales/photos');
const returnRoute = route<typeof returnContract>('POST', '/api/aftersales/:aftersaleNo/return-parcel');

export const applyAftersale = (body: ApplyAftersaleBody) => call(applyRoute, { body });

export const listMyAftersales = (query: QueryOf<typeof listContract> = {}) => call(listRoute, { query });

export const getMyAftersale = (aftersaleNo: string) => call(getRoute, { params: { aftersaleNo } });

export const withdrawAftersale = (aftersaleNo: string) => call(withdrawRoute, { params: { aftersaleNo } });

export const sendReturnParcel = (aftersaleNo: string, carrier: string, trackingNo: string) =>
  call(returnRoute, { params: { aftersaleNo }, body: { carrier, trackingNo } });

/** The replacement of an exchange arrived: completes the exchange. */
export const confirmAftersaleReceipt = (aftersaleNo: string) => call(confirmRoute, { params: { aftersaleNo } });

/** One photo picked with chooseImage, sent as multipart field "file"; answers its URL for `photoUrls`. */
export async function uploadAftersalePhoto(filePath: string): Promise<AftersalePhotoView> {
  const token = getToken();
  const res = await Taro.uploadFile({
    url: `${API_BASE}${buildPath(photoRoute.path, {})}`,
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
  if (res.statusCode === 201) return data as AftersalePhotoView;
  const error = (data as { error?: { code?: string; message?: string } } | null)?.error;
  throw new ApiError(res.statusCode, error?.code ?? 'HTTP_ERROR', error?.message ?? `上传失败（${res.statusCode}）`);
}
