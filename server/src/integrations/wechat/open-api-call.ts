/**
 * Calling WeChat's server-side open APIs (wxacode, subscribe messages) with the shared stable access token.
 * Answers may be JSON (errcode) or binary (an image), so the body is parsed only when WeChat says it is JSON;
 * network errors never quote the URL, which carries the token.
 */
import type { AccessTokenSource } from './access-token';
import { NETWORK_ERRCODE, WechatApiError } from './code2session';

const TIMEOUT_MS = 5_000;
/** 40001 invalid credential, 40014 invalid token, 42001 expired: refresh once and retry. */
const STALE_TOKEN_ERRCODES = new Set([40001, 40014, 42001]);

export async function postWechat(
  url: string,
  body: unknown,
  what: string,
): Promise<{ response: Response; json?: Record<string, unknown> }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new WechatApiError(NETWORK_ERRCODE, `${what}: WeChat unreachable (${(error as Error).name})`);
  }
  if (!(response.headers.get('content-type') ?? '').includes('json')) return { response };
  try {
    return { response, json: (await response.json()) as Record<string, unknown> };
  } catch {
    throw new WechatApiError(-1, `${what}: unreadable answer`);
  }
}

export function throwOnErrcode(json: Record<string, unknown>, what: string): void {
  const errcode = typeof json.errcode === 'number' ? json.errcode : 0;
  if (errcode === 0) return;
  const said = typeof json.errmsg === 'string' ? json.errmsg.slice(0, 200) : 'unknown error';
  throw new WechatApiError(errcode, `${what}: ${errcode} ${said}`);
}

/** Runs a call with the token, once more with a fresh token when WeChat says the first went stale. */
export async function withAccessToken<T>(tokens: AccessTokenSource, call: (token: string) => Promise<T>): Promise<T> {
  try {
    return await call(await tokens.get());
  } catch (error) {
    if (!(error instanceof WechatApiError) || !STALE_TOKEN_ERRCODES.has(error.errcode)) throw error;
    tokens.invalidate();
    return call(await tokens.get());
  }
}
