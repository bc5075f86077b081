/**
 * The transport under wechatpay-node-v3 (plugged in with pay.createHttp): the SDK builds URLs on the hard-coded
 * host and signs the Authorization header; this class sends them to cfg.baseUrl instead, with a timeout, and
 * refuses 2xx answers that WeChat Pay did not sign (the SDK never checks answers). It throws on network failure;
 * non-2xx answers come back as { status, error } for the gateway to turn into WechatPayApiError.
 */
import type { Output } from 'wechatpay-node-v3/dist/lib/interface-v2';
import type { IPayRequest } from 'wechatpay-node-v3/dist/lib/pay-request.interface';
import { checkPlatformSignature } from './platform-signature';
import { WechatPayApiError } from './wechatpay-errors';
import type { WechatPayConfig } from './wechatpay.types';

export const WECHATPAY_SDK_HOST = 'https://api.mch.weixin.qq.com';
const TIMEOUT_MS = 10_000;
/** download_url of a bill: a raw (gzip) stream that WeChat Pay does not sign; its hash_value vouches for it. */
export const BILL_DOWNLOAD_PATH = '/v3/billdownload/file';
const DOWNLOAD_TIMEOUT_MS = 60_000;

export class WechatPayHttp implements IPayRequest {
  constructor(private readonly cfg: WechatPayConfig) {}

  post(url: string, params: Record<string, unknown>, headers: Record<string, string>): Promise<Output> {
    // The SDK signed JSON.stringify of this very object, so the bytes on the wire match the signature.
    return this.send('POST', url, headers, JSON.stringify(params));
  }

  get(url: string, headers: Record<string, string>): Promise<Output> {
    return url.startsWith(`${WECHATPAY_SDK_HOST}${BILL_DOWNLOAD_PATH}`)
      ? this.download(url, headers)
      : this.send('GET', url, headers);
  }

  upload(): Promise<Output> {
    return Promise.reject(new Error('uploads are not used by this adapter'));
  }

  private async send(method: string, sdkUrl: string, headers: Record<string, string>, body?: string): Promise<Output> {
    if (!sdkUrl.startsWith(WECHATPAY_SDK_HOST)) throw new Error(`unexpected SDK url ${sdkUrl}`);
    const pathAndQuery = sdkUrl.slice(WECHATPAY_SDK_HOST.length);
    const outgoing = { ...headers };
    delete outgoing['Accept-Encoding']; // fetch negotiates and decodes compression itself
    let response: Response;
    try {
      response = await fetch(this.cfg.baseUrl.replace(/\/+$/, '') + pathAndQuery, {
        method,
        headers: outgoing,
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new WechatPayApiError(
        0,
        'NETWORK_ERROR',
        `${method} ${pathAndQuery.split('?')[0]}: ${(error as Error).message}`,
      );
    }
    const text = await response.text();
    if (response.ok) this.assertSignedByPlatform(response, text);
    const data = parseMaybeJson(text);
    return response.ok ? { status: response.status, data } : { status: response.status, error: data };
  }

  /**
   * A bill file: signed request like any v3 call, but the answer is bytes without Wechatpay-Signature (the SDK
   * WJ's download() does not check one either), so it comes back as a Buffer, unchecked, for the hash check.
   */
  private async download(sdkUrl: string, headers: Record<string, string>): Promise<Output> {
    const pathAndQuery = sdkUrl.slice(WECHATPAY_SDK_HOST.length);
    const outgoing: Record<string, string> = { ...headers, Accept: '*/*' };
    delete outgoing['Accept-Encoding'];
    let response: Response;
    try {
      response = await fetch(this.cfg.baseUrl.replace(/\/+$/, '') + pathAndQuery, {
        headers: outgoing,
        signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
      });
    } catch (error) {
      throw new WechatPayApiError(0, 'NETWORK_ERROR', `GET ${BILL_DOWNLOAD_PATH}: ${(error as Error).message}`);
    }
    if (!response.ok) return { status: response.status, error: parseMaybeJson(await response.text()) };
    return { status: response.status, data: Buffer.from(await response.arrayBuffer()) };
  }

  private assertSignedByPlatform(response: Response, text: string): void {
    if (!response.headers.get('Wechatpay-Signature')) {
      throw new WechatPayApiError(
        response.status,
        'RESPONSE_UNSIGNED',
        'WeChat Pay answer carries no Wechatpay-Signature',
      );
    }
    const refusal = checkPlatformSignature(
      this.cfg,
      {
        timestamp: response.headers.get('Wechatpay-Timestamp') ?? '',
        nonce: response.headers.get('Wechatpay-Nonce') ?? '',
        signature: response.headers.get('Wechatpay-Signature') ?? '',
        serial: response.headers.get('Wechatpay-Serial') ?? '',
        body: text,
      },
      Date.now(),
    );
    if (refusal) {
      throw new WechatPayApiError(
        response.status,
        `RESPONSE_${refusal}`,
        `WeChat Pay answer failed verification: ${refusal}`,
      );
    }
  }
}

function parseMaybeJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
