/** WeChat (mini-program platform) adapter and its sandbox twin. The only door. */
export { createWechatClient, WechatApiError, type WechatConfig, type WechatSession } from './code2session';
export { createWechatSandboxRouter, WECHAT_SANDBOX_PATH } from './wechat-sandbox.routes';
