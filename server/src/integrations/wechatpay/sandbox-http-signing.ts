/**
 * The two signatures around every sandbox v3 call, as WeChat Pay does them: the merchant's Authorization header
 * is verified with the merchant certificate (401 SIGN_ERROR otherwise), and every answer is signed with the
 * platform key (Wechatpay-Timestamp/Nonce/Signature/Serial).
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import type { Middleware } from 'koa';
import { MAX_CLOCK_SKEW_SEC, normalizeSerial } from './platform-signature';
import { signPlatformMessage } from './notification-signer';
import { verifySha256Rsa } from './v3-crypto';

const SCHEME = 'WECHATPAY2-SHA256-RSA2048';

/** Parses `WECHATPAY2-SHA256-RSA2048 mchid="..",nonce_str="..",signature="..",timestamp="..",serial_no=".."`. */
export function parseAuthorization(header: string): Record<string, string> | null {
  if (!header.startsWith(`${SCHEME} `)) return null;
  const fields: Record<string, string> = {};
  for (const match of header.slice(SCHEME.length + 1).matchAll(/\s*([a-z_]+)="([^"]*)"\s*,?/g)) {
    fields[match[1]] = match[2];
  }
  const complete = ['mchid', 'nonce_str', 'signature', 'timestamp', 'serial_no'].every((name) => fields[name]);
  return complete ? fields : null;
}

export function requireMerchantSignature(opts: {
  mchId: string;
  merchantCertificatePem: string;
  /** The mount point standing in for https://api.mch.weixin.qq.com: signed paths are relative to it. */
  basePath: string;
}): Middleware {
  const certificate = new X509Certificate(opts.merchantCertificatePem);
  const merchantKey: KeyObject = certificate.publicKey;
  const merchantSerial = normalizeSerial(certificate.serialNumber);

  return async (ctx, next) => {
    const auth = parseAuthorization(ctx.get('Authorization'));
    const refuse = (message: string) => {
      ctx.status = 401;
      ctx.body = { code: 'SIGN_ERROR', message };
    };
    if (!auth) return refuse('Http头Authorization值格式错误，请参考《微信支付商户REST API签名规则》');
    if (auth.mchid !== opts.mchId) return refuse('商户号与证书不匹配');
    if (normalizeSerial(auth.serial_no) !== merchantSerial) return refuse('商户证书序列号有误');
    if (Math.abs(Date.now() / 1000 - Number(auth.timestamp)) > MAX_CLOCK_SKEW_SEC) return refuse('请求时间戳已过期');
    const urlPath = ctx.originalUrl.startsWith(opts.basePath)
      ? ctx.originalUrl.slice(opts.basePath.length)
      : ctx.originalUrl;
    const rawBody = typeof ctx.request.rawBody === 'string' ? ctx.request.rawBody : '';
    const message = `${ctx.method}\n${urlPath}\n${auth.timestamp}\n${auth.nonce_str}\n${rawBody}\n`;
    if (!verifySha256Rsa(message, merchantKey, auth.signature)) {
      return refuse('签名错误，请检查后再试');
    }
    await next();
  };
}

export function signPlatformResponses(signer: { platformPrivateKeyPem: string; serial: string }): Middleware {
  return async (ctx, next) => {
    await next();
    let body = '';
    if (ctx.body !== undefined && ctx.body !== null) {
      body = typeof ctx.body === 'string' ? ctx.body : JSON.stringify(ctx.body);
      const status = ctx.status;
      ctx.body = body;
      ctx.status = status;
      ctx.type = 'application/json';
    }
    ctx.set(signPlatformMessage(signer, body));
  };
}
