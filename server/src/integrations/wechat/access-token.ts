/**
 * Server-side access token for WeChat's open APIs through the stable token API (POST /cgi-bin/stable_token):
 * unlike /cgi-bin/token, asking again does not invalidate the token other processes hold. Cached in memory
 * until 5 minutes before it expires; the AppSecret travels in the body and never in a message.
 */
import { NETWORK_ERRCODE, WechatApiError, type WechatConfig } from './code2session';

const TIMEOUT_MS = 5_000;
const EARLY_REFRESH_MS = 5 * 60 * 1000;

export interface AccessTokenSource {
  get(options?: { forceRefresh?: boolean }): Promise<string>;
}

/** POST JSON to WeChat and read JSON back; network errors never quote the URL (it may hold a token). */
export async function postWechatJson(
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

export function throwOnErrcode(json: Record<string, unknown>, what: string, secret?: string): void {
  const errcode = typeof json.errcode === 'number' ? json.errcode : 0;
  if (errcode === 0) return;
  const said = typeof json.errmsg === 'string' ? json.errmsg.slice(0, 200) : 'unknown error';
  throw new WechatApiError(errcode, `${what}: ${errcode} ${secret ? said.split(secret).join('***') : said}`);
}

export function createAccessTokenSource(cfg: WechatConfig, now: () => number = Date.now): AccessTokenSource {
  let cached: { token: string; expiresAtMs: number } | null = null;
  let pending: Promise<string> | null = null;
  const fetchToken = async (forceRefresh: boolean): Promise<string> => {
    const { json } = await postWechatJson(
      `${cfg.apiBaseUrl.replace(/\/+$/, '')}/cgi-bin/stable_token`,
      { grant_type: 'client_credential', appid: cfg.appId, secret: cfg.appSecret, force_refresh: forceRefresh },
      'stable_token',
    );
    if (!json) throw new WechatApiError(-1, 'stable_token: answer is not JSON');
    throwOnErrcode(json, 'stable_token', cfg.appSecret);
    if (typeof json.access_token !== 'string' || typeof json.expires_in !== 'number') {
      throw new WechatApiError(-1, 'stable_token: answer lacks access_token');
    }
    cached = { token: json.access_token, expiresAtMs: now() + json.expires_in * 1000 - EARLY_REFRESH_MS };
    return json.access_token;
  };
  return {
    get({ forceRefresh = false } = {}) {
      if (!forceRefresh && cached && cached.expiresAtMs > now()) return Promise.resolve(cached.token);
      pending ??= fetchToken(forceRefresh).finally(() => (pending = null));
      return pending;
    },
  };
}

/** errcodes that mean "this access token is no longer good": refresh once and retry. */
export const STALE_TOKEN_ERRCODES = new Set([40001, 40014, 42001]);

/** Runs an open-API call with the token, refreshing it once when WeChat says it went stale. */
export async function withAccessToken<T>(tokens: AccessTokenSource, call: (token: string) => Promise<T>): Promise<T> {
  try {
    return await call(await tokens.get());
  } catch (error) {
    if (!(error instanceof WechatApiError) || !STALE_TOKEN_ERRCODES.has(error.errcode)) throw error;
    return call(await tokens.get({ forceRefresh: true }));
  }
}
