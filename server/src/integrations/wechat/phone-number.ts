import type { WechatConfig } from './code2session';
import { WechatApiError } from './code2session';
import { baseUrlOf, createStableAccessToken, errmsgOf, postJson, type AccessTokenSource } from './access-token';

/**
 * getPhoneNumber (POST /wxa/business/getuserphonenumber?access_token=...): a code from the mini-program's
 * open-type="getPhoneNumber" button becomes the member's phone number. A code works once, for 5 minutes (WeChat's
 * rule, enforced by WeChat). We check the watermark's appid, so a phone code minted for another mini-program
 * cannot bind a phone here.
 */
export interface WechatPhone {
  /** With the country code for numbers outside the mainland, as WeChat gives it. */
  phoneNumber: string;
  /** Without the country code. */
  purePhoneNumber: string;
  countryCode: string;
  /** When the member pressed the button (seconds). */
  watermarkTimestamp: number;
}

/** WeChat answers 40001 (invalid credential) or 42001 (expired) when the access_token is no longer good. */
const STALE_TOKEN_ERRCODES = new Set([40001, 42001]);
/** Ours: the watermark names another appid. */
export const WATERMARK_MISMATCH_ERRCODE = -3;

export interface WechatPhoneClient {
  /** With the member's openid, WeChat also checks that the code was made for that member. */
  getPhoneNumber(code: string, openid?: string): Promise<WechatPhone>;
}

export function createWechatPhoneClient(
  cfg: WechatConfig,
  accessToken: AccessTokenSource = createStableAccessToken(cfg),
): WechatPhoneClient {
  const ask = async (code: string, openid?: string) => {
    const token = await accessToken.get();
    const url = `${baseUrlOf(cfg)}/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(token)}`;
    return { answer: await postJson(url, openid ? { code, openid } : { code }, 'getPhoneNumber'), token };
  };

  return {
    async getPhoneNumber(code: string, openid?: string): Promise<WechatPhone> {
      if (!code) throw new WechatApiError(41008, 'getPhoneNumber: missing code');
      let { answer, token } = await ask(code, openid);
      if (STALE_TOKEN_ERRCODES.has(Number(answer.errcode))) {
        accessToken.invalidate(); // one retry with a fresh token; the code was not consumed by a refused call
        ({ answer, token } = await ask(code, openid));
      }
      const errcode = typeof answer.errcode === 'number' ? answer.errcode : 0;
      if (errcode !== 0) {
        throw new WechatApiError(errcode, `getPhoneNumber: ${errcode} ${errmsgOf(answer, cfg.appSecret, token)}`);
      }
      return parsePhoneInfo(answer.phone_info, cfg.appId);
    },
  };
}

function parsePhoneInfo(raw: unknown, appId: string): WechatPhone {
  const info = (raw ?? {}) as Record<string, unknown>;
  const watermark = (info.watermark ?? {}) as Record<string, unknown>;
  if (typeof info.phoneNumber !== 'string' || typeof info.purePhoneNumber !== 'string') {
    throw new WechatApiError(-1, 'getPhoneNumber: answer lacks phone_info');
  }
  if (watermark.appid !== appId) {
    throw new WechatApiError(WATERMARK_MISMATCH_ERRCODE, 'getPhoneNumber: the watermark names another appid');
  }
  return {
    phoneNumber: info.phoneNumber,
    purePhoneNumber: info.purePhoneNumber,
    // documented as a string, shown as a number in WeChat's own example: accept both
    countryCode: String(info.countryCode ?? '86'),
    watermarkTimestamp: Number(watermark.timestamp ?? 0),
  };
}
