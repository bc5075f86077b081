/**
 * subscribeMessage.send: POST /cgi-bin/message/subscribe/send?access_token=... Each "accept" a member gave in
 * wx.requestSubscribeMessage allows one message; 43101 means the member refused or the grant is used up, which
 * callers record and skip (never retried: retrying cannot create a grant).
 */
import type { AccessTokenSource } from './access-token';
import { postWechat, throwOnErrcode, withAccessToken } from './open-api-call';
import { WechatApiError, type WechatConfig } from './code2session';

export const SUBSCRIBE_REFUSED_ERRCODE = 43101;
export type MiniprogramState = 'developer' | 'trial' | 'formal';

export interface SubscribeMessage {
  toOpenid: string;
  templateId: string;
  /** Page opened from the message: pages/index/index?x=y */
  page?: string;
  /** { thing1: '...', time2: '...' } as the template declares; WeChat wants { key: { value } }. */
  data: Record<string, string>;
  state?: MiniprogramState;
}

export type SubscribeSendResult = { sent: true } | { sent: false; refused: true; errcode: number };

export interface SubscribeMessageClient {
  send(message: SubscribeMessage): Promise<SubscribeSendResult>;
}

export function createSubscribeMessageClient(cfg: WechatConfig, tokens: AccessTokenSource): SubscribeMessageClient {
  const base = cfg.apiBaseUrl.replace(/\/+$/, '');
  return {
    async send(message) {
      try {
        await withAccessToken(tokens, async (token) => {
          const { json } = await postWechat(
            `${base}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`,
            {
              touser: message.toOpenid,
              template_id: message.templateId,
              page: message.page,
              data: Object.fromEntries(Object.entries(message.data).map(([k, value]) => [k, { value }])),
              miniprogram_state: message.state ?? 'formal',
            },
            'subscribe.send',
          );
          if (!json) throw new WechatApiError(-1, 'subscribe.send: answer is not JSON');
          throwOnErrcode(json, 'subscribe.send');
        });
        return { sent: true };
      } catch (error) {
        if (error instanceof WechatApiError && error.errcode === SUBSCRIBE_REFUSED_ERRCODE) {
          return { sent: false, refused: true, errcode: error.errcode };
        }
        throw error;
      }
    },
  };
}
