/**
 * Where the API lives. The H5 build is served by the API server itself, so it calls the same origin;
 * the weapp build needs an absolute URL, fixed at build time from TARO_APP_API_BASE.
 */
export const API_BASE: string = process.env.TARO_ENV === 'h5' ? '' : __API_BASE__;

/** Image URLs the server gives as paths ("/uploads/x.jpg") need the API host in weapp. */
export function assetUrl(url: string): string {
  return url.startsWith('/') && !url.startsWith('//') ? `${API_BASE}${url}` : url;
}
