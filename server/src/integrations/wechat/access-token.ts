import { NETWORK_ERRCODE, WechatApiError, type WechatConfig } from './code2session';

/**
 * The server-side access_token through the stable token API (POST /cgi-bin/stable_token): unlike
 * /cgi-bin/token, asking again inside the validity period returns the same token and does not invalidate the one
 * other processes hold, so a per-process cache is safe. Cached until a minute before expiry; `invalidate()` after
 * WeChat answers 40001/42001 makes the next call fetch a fresh one. Neither the secret nor the token ever goes into
 * an error message.
 */
export interface AccessTokenSource {
  get(): Promise<string>;
  invalidate(): void;
}

const TIMEOUT_MS = 5_000;
const EARLY_REFRESH_MS = 60_000;

export function baseUrlOf(cfg: WechatConfig): string {
  return cfg.apiBaseUrl.replace(/\/+$/, '');
}

/** WeChat's own words, shortened, with the secret blanked out in case WeChat ever echoes it. */
export function errmsgOf(answer: Record<string, unknown>, ...secrets: string[]): string {
  let said = typeof answer.errmsg === 'string' ? answer.errmsg.slice(0, 200) : 'unknown error';
  for (const secret of secrets) if (secret) said = said.split(secret).join('***');
  return said;
}

/** POST JSON to WeChat; a failure to reach it keeps only the error's kind (a fetch error may quote the URL). */
export async function postJson(url: string, body: unknown, what: string): Promise<Record<string, unknown>> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    return (await response.json()) as Record<string, unknown>;
  } catch (error) {
    throw new WechatApiError(NETWORK_ERRCODE, `${what}: WeChat unreachable (${(error as Error).name})`);
  }
}

export function createStableAccessToken(cfg: WechatConfig, now: () => number = Date.now): AccessTokenSource {
  let cached: { token: string; expiresAtMs: number } | null = null;
  let pending: Promise<string> | null = null;

  const fetchToken = async (): Promise<string> => {
    const answer = await postJson(
      `${baseUrlOf(cfg)}/cgi-bin/stable_token`,
      { grant_type: 'client_credential', appid: cfg.appId, secret: cfg.appSecret, force_refresh: false },
      'stable_token',
    );
    const errcode = typeof answer.errcode === 'number' ? answer.errcode : 0;
    if (errcode !== 0) {
      throw new WechatApiError(errcode, `stable_token: ${errcode} ${errmsgOf(answer, cfg.appSecret)}`);
    }
    if (typeof answer.access_token !== 'string' || typeof answer.expires_in !== 'number') {
      throw new WechatApiError(-1, 'stable_token: answer lacks access_token or expires_in');
    }
    cached = { token: answer.access_token, expiresAtMs: now() + answer.expires_in * 1000 - EARLY_REFRESH_MS };
    return answer.access_token;
  };

  return {
    async get() {
      if (cached && cached.expiresAtMs > now()) return cached.token;
      // concurrent callers share one request instead of each asking WeChat (the API is rate limited)
      pending ??= fetchToken().finally(() => (pending = null));
      return pending;
    },
    invalidate() {
      cached = null;
    },
  };
}
