/**
 * WeChat mini-program login: code2Session (auth.code2Session). The AppSecret rides in the query string, as WeChat
 * requires, so no URL, query or raw answer ever goes into an error message; the session_key stays in the returned
 * object for the server's own use only.
 */
export interface WechatConfig {
  appId: string;
  appSecret: string;
  /** https://api.weixin.qq.com, or http://127.0.0.1:PORT/sandbox/wechat */
  apiBaseUrl: string;
}

export interface WechatSession {
  openid: string;
  unionid?: string;
  sessionKey: string;
}

/** WeChat's errcode (40029 invalid code, 40163 code used, 45011 rate limited, -1 busy) or ours (-2 network). */
export class WechatApiError extends Error {
  constructor(
    readonly errcode: number,
    message: string,
  ) {
    super(message);
    this.name = 'WechatApiError';
  }
}

const TIMEOUT_MS = 5_000;
export const NETWORK_ERRCODE = -2;

export function createWechatClient(cfg: WechatConfig): { code2Session(code: string): Promise<WechatSession> } {
  return {
    async code2Session(code: string): Promise<WechatSession> {
      if (!code) throw new WechatApiError(41008, 'code2Session: missing code');
      const query = new URLSearchParams({
        appid: cfg.appId,
        secret: cfg.appSecret,
        js_code: code,
        grant_type: 'authorization_code',
      });
      let answer: Record<string, unknown>;
      try {
        const response = await fetch(`${cfg.apiBaseUrl.replace(/\/+$/, '')}/sns/jscode2session?${query}`, {
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        answer = (await response.json()) as Record<string, unknown>;
      } catch (error) {
        // fetch errors may quote the URL, which holds the secret: keep only the error's kind.
        throw new WechatApiError(NETWORK_ERRCODE, `code2Session: WeChat unreachable (${(error as Error).name})`);
      }
      const errcode = typeof answer.errcode === 'number' ? answer.errcode : 0;
      if (errcode !== 0) {
        const said = typeof answer.errmsg === 'string' ? answer.errmsg.slice(0, 200) : 'unknown error';
        const errmsg = cfg.appSecret ? said.split(cfg.appSecret).join('***') : said; // never echo the secret
        throw new WechatApiError(errcode, `code2Session: ${errcode} ${errmsg}`);
      }
      if (typeof answer.openid !== 'string' || typeof answer.session_key !== 'string') {
        throw new WechatApiError(-1, 'code2Session: answer lacks openid or session_key');
      }
      return {
        openid: answer.openid,
        unionid: typeof answer.unionid === 'string' ? answer.unionid : undefined,
        sessionKey: answer.session_key,
      };
    },
  };
}
