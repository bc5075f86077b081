import type { WxacodeClient } from '../../integrations/wechat';
import { WechatApiError } from '../../integrations/wechat';
import type { Config } from '../../platform/config';
import { DomainError } from '../../platform/errors';
import { qrPng } from '../../platform/qr-png';
import { sceneOf, toShareView, type ShareTarget } from './share-links';

/** The mini-program code of a share: WeChat draws it; the launched page reads the scene back. */
export async function wxacodeOf(wxacode: WxacodeClient, config: Config, target: ShareTarget): Promise<Buffer> {
  try {
    return await wxacode.getUnlimited({
      scene: sceneOf(target),
      page: target.page,
      width: 430,
      checkPath: config.sharing.wxacodeEnvVersion === 'release',
      envVersion: config.sharing.wxacodeEnvVersion,
    });
  } catch (error) {
    if (error instanceof WechatApiError)
      throw new DomainError('WXACODE_UNAVAILABLE', `WeChat could not draw the code (${error.errcode})`, 502);
    throw error;
  }
}

/** A poster: the QR code of the share's H5 link, large enough to scan from a screenshot. */
export function posterOf(config: Config, target: ShareTarget): Buffer {
  const { h5Url } = toShareView(target, config.sharing.h5BaseUrl);
  return qrPng(h5Url, { width: 640, margin: 4 });
}
