/** WeChat (mini-program platform) adapter and its sandbox twin. The only door. */
export { createWechatClient, WechatApiError, type WechatConfig, type WechatSession } from './code2session';
export { createWechatSandboxRouter, WECHAT_SANDBOX_PATH } from './wechat-sandbox.routes';
export { createStableAccessToken, type AccessTokenSource } from './access-token';
export {
  createWechatPhoneClient,
  WATERMARK_MISMATCH_ERRCODE,
  type WechatPhone,
  type WechatPhoneClient,
} from './phone-number';
export { createWechatPhoneSandboxRouter, PHONE_CODE_TTL_MS } from './wechat-phone-sandbox.routes';
export { sandboxNow, wechatSandboxState } from './sandbox-state';
export { createWxacodeClient, SCENE_PATTERN, type WxacodeClient, type WxacodeRequest } from './wxacode';
export {
  createSubscribeMessageClient,
  SUBSCRIBE_REFUSED_ERRCODE,
  type MiniprogramState,
  type SubscribeMessage,
  type SubscribeMessageClient,
  type SubscribeSendResult,
} from './subscribe-message';
export { createWechatOpenApiSandboxRouter, type SandboxSubscribeRecord } from './open-api-sandbox.routes';
// issue 10: the shipping-information upload and its sandbox
export {
  createShippingInfoClient,
  PAYMENT_NOT_FOUND_ERRCODE,
  wechatUploadTime,
  type ShippingInfoClient,
  type ShippingListItem,
  type UploadShippingInfoRequest,
} from './shipping-info';
export {
  createShippingInfoSandboxRouter,
  type SandboxShippingRecord,
  type SandboxTrade,
} from './shipping-info-sandbox.routes';
