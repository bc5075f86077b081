import Taro from '@tarojs/taro';
import { buildPath, type BodyOf } from '@mall/shared';
import type {
  getMySharingStats as statsRouteContract,
  getSharePoster as getSharePosterContract,
  getShareWxacode as getShareWxacodeContract,
  recordOpen as openRouteContract,
  recordShare as shareRouteContract,
} from '@mall/shared';
import { API_BASE } from './base';
import { ApiError, call, route } from './client';
import { getToken } from '../stores/session';
import { withDeviceHeader } from './device';

const statsRoute = route<typeof statsRouteContract>('GET', '/api/sharing/stats');
const getSharePoster = route<typeof getSharePosterContract>('GET', '/api/sharing/shares/:shareId/poster');
const getShareWxacode = route<typeof getShareWxacodeContract>('GET', '/api/sharing/shares/:shareId/wxacode');
const openRoute = route<typeof openRouteContract>('POST', '/api/sharing/opens');
const shareRoute = route<typeof shareRouteContract>('POST', '/api/sharing/shares');

export const recordShare = (body: BodyOf<typeof shareRouteContract>) => call(shareRoute, { body });

export const recordOpen = (body: BodyOf<typeof openRouteContract>) => call(openRoute, { body });

export const getMySharingStats = () => call(statsRoute);

/** A PNG of one of my shares (poster or mini-program code) as a data URL an <Image> can show. */
async function sharePng(png: typeof getSharePoster | typeof getShareWxacode, shareId: string): Promise<string> {
  const token = getToken();
  const response = await Taro.request<ArrayBuffer>({
    url: `${API_BASE}${buildPath(png.path, { shareId })}`,
    method: 'GET',
    header: await withDeviceHeader(token ? { Authorization: `Bearer ${token}` } : {}),
    responseType: 'arraybuffer',
  });
  if (response.statusCode !== 200)
    throw new ApiError(response.statusCode, 'HTTP_ERROR', `图片生成失败（${response.statusCode}）`);
  // Taro's H5 arrayBufferToBase64 reads .length, which an ArrayBuffer lacks: hand it the bytes
  const bytes =
    process.env.TARO_ENV === 'h5' ? (new Uint8Array(response.data) as unknown as ArrayBuffer) : response.data;
  return `data:image/png;base64,${Taro.arrayBufferToBase64(bytes)}`;
}

export const getPosterImage = (shareId: string) => sharePng(getSharePoster, shareId);
export const getWxacodeImage = (shareId: string) => sharePng(getShareWxacode, shareId);
