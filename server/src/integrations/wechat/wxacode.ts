/**
 * wxacode.getUnlimited: POST /wxa/getwxacodeunlimit?access_token=... answers the PNG itself, or JSON with an
 * errcode (41030 page not published, 40169 bad scene, 45009 quota). The scene is what the launched page reads
 * from its `scene` query: at most 32 visible characters of [0-9A-Za-z!#$&'()*+,/:;=?@-._~].
 */
import type { AccessTokenSource } from './access-token';
import { postWechat, throwOnErrcode, withAccessToken } from './open-api-call';
import { WechatApiError, type WechatConfig } from './code2session';

export const SCENE_PATTERN = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;
export type WxaEnvVersion = 'release' | 'trial' | 'develop';

export interface WxacodeRequest {
  scene: string;
  /** A published page, without the leading slash: pages/index/index */
  page: string;
  width?: number;
  checkPath?: boolean;
  envVersion?: WxaEnvVersion;
}

export interface WxacodeClient {
  getUnlimited(request: WxacodeRequest): Promise<Buffer>;
}

export function createWxacodeClient(cfg: WechatConfig, tokens: AccessTokenSource): WxacodeClient {
  const base = cfg.apiBaseUrl.replace(/\/+$/, '');
  return {
    async getUnlimited(req) {
      if (!SCENE_PATTERN.test(req.scene)) throw new WechatApiError(40169, 'getwxacodeunlimit: invalid scene');
      return withAccessToken(tokens, async (token) => {
        const { response, json } = await postWechat(
          `${base}/wxa/getwxacodeunlimit?access_token=${encodeURIComponent(token)}`,
          {
            scene: req.scene,
            page: req.page,
            width: req.width ?? 430,
            check_path: req.checkPath ?? true,
            env_version: req.envVersion ?? 'release',
          },
          'getwxacodeunlimit',
        );
        if (json) {
          throwOnErrcode(json, 'getwxacodeunlimit');
          throw new WechatApiError(-1, 'getwxacodeunlimit: JSON answer without an image');
        }
        const image = Buffer.from(await response.arrayBuffer());
        if (!response.ok || image.subarray(1, 4).toString('latin1') !== 'PNG') {
          throw new WechatApiError(-1, `getwxacodeunlimit: HTTP ${response.status} without a PNG`);
        }
        return image;
      });
    },
  };
}
