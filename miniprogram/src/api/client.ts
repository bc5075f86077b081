import Taro from '@tarojs/taro';
import {
  buildPath,
  type BodyOf,
  type Channel,
  type ParamsOf,
  type QueryOf,
  type ResponseOf,
  type RouteContract,
  type RouteRef,
} from '@mall/shared';
import { API_BASE } from './base';
import { getDeviceId } from './device';
import { clearSession, getToken } from '../stores/session';

/** The one error type of the client: an error body from the server, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** What else the error body carries (409 QUOTE_CHANGED: the new `quote`). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Defined<T> = [T] extends [never] ? undefined : T;

export interface CallInput<C> {
  params?: Defined<ParamsOf<C>>;
  query?: Defined<QueryOf<C>>;
  body?: Defined<BodyOf<C>>;
  /** Extra request headers (a money request's Idempotency-Key). */
  headers?: Record<string, string>;
}

type Scalar = string | number | boolean | null | undefined;

/** Prices differ by channel (shared/src/pricing.ts): the server reads it from this header. */
const CHANNEL: Channel = process.env.TARO_ENV === 'h5' ? 'h5' : process.env.TARO_ENV === 'alipay' ? 'alipay' : 'weapp';
type ResponseBody = TaroGeneral.IAnyObject;

function toQueryString(query: Record<string, Scalar> | undefined): string {
  if (!query) return '';
  const pairs = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return pairs.length ? `?${pairs.join('&')}` : '';
}

function errorFrom(status: number, data: unknown): ApiError {
  const error = (data as { error?: { code?: unknown; message?: unknown; field?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string') {
    const { code, message, field, ...details } = error as Record<string, unknown>;
    return new ApiError(
      status,
      String(code),
      typeof message === 'string' ? message : String(code),
      typeof field === 'string' ? field : undefined,
      details,
    );
  }
  return new ApiError(status, 'HTTP_ERROR', `请求失败（${status}）`);
}

/**
 * A route of the shared contracts by method and path, checked against the contract at compile time. The contracts
 * themselves stay type-only here: they are zod schemas, and zod would be a quarter of the main package.
 */
export const route = <C extends RouteContract>(method: C['method'], path: C['path']): RouteRef<C> => ({ method, path });

/** Calls one route of the shared contracts, with the member's token when there is one. */
export async function call<R extends RouteRef<RouteContract>>(
  contract: R,
  input: CallInput<R> = {},
): Promise<ResponseOf<R>> {
  const path = buildPath(contract.path, input.params as Record<string, string | number> | undefined);
  const url = `${API_BASE}${path}${toQueryString(input.query as Record<string, Scalar> | undefined)}`;
  const token = getToken();
  const device = await getDeviceId();
  const header: Record<string, string> = {
    ...input.headers,
    'Content-Type': 'application/json',
    'x-channel': CHANNEL,
  };
  if (token) header.Authorization = `Bearer ${token}`;
  if (device) header['X-Device-Id'] = device;

  let response: Taro.request.SuccessCallbackResult<ResponseBody>;
  try {
    response = await Taro.request<ResponseBody>({
      url,
      // wx.request has no PATCH; a browser sends it as it is
      method: contract.method === 'PATCH' && process.env.TARO_ENV !== 'h5' ? 'PUT' : (contract.method as 'PUT'),
      header,
      data: input.body,
      dataType: 'json',
    });
  } catch (err) {
    const message = (err as { errMsg?: string } | null)?.errMsg ?? '网络异常，请稍后再试';
    throw new ApiError(0, 'NETWORK_ERROR', message);
  }
  if (response.statusCode >= 200 && response.statusCode < 300) return response.data as ResponseOf<R>;
  // A token the server no longer accepts is worthless: drop it so the next action logs in afresh.
  if (response.statusCode === 401 && token) clearSession();
  throw errorFrom(response.statusCode, response.data);
}

/** A message fit for a toast. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return '操作失败，请稍后再试';
}
