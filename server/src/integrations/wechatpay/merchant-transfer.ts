/**
 * WeChat Pay merchant transfer, the 2025 "user confirms" version (商家转账): create a bill, query it, cancel it
 * (POST/GET /v3/fund-app/mch-transfer/transfer-bills...). wechatpay-node-v3 2.2.1 only knows the retired batch API,
 * so the requests are signed here (the v3 Authorization scheme) and sent through the same transport, which routes
 * them to cfg.baseUrl and refuses answers WeChat Pay did not sign. A real name (user_name, required from 2,000
 * yuan) is encrypted RSA-OAEP(SHA-1) with the platform key, named in the Wechatpay-Serial request header.
 */
import { X509Certificate, constants, createPrivateKey, publicEncrypt, type KeyObject } from 'node:crypto';
import { WECHATPAY_SDK_HOST, WechatPayHttp } from './wechatpay-http';
import { randomNonce, signSha256Rsa, unixSeconds } from './v3-crypto';
import { WechatPayApiError } from './wechatpay-errors';
import type { TransferBill, TransferBillInput, WechatPayConfig } from './wechatpay.types';

const TRANSFER_PATH = '/v3/fund-app/mch-transfer/transfer-bills';
const OUT_BILL_NO = /^[0-9A-Za-z]{5,32}$/;
/** From this amount WeChat Pay wants the payee's real name (and checks it against the openid's). */
export const TRANSFER_REAL_NAME_FROM_FEN = 200_000;

export interface MerchantTransfers {
  createTransferBill(input: TransferBillInput): Promise<TransferBill>;
  /** null when WeChat Pay has no such bill. */
  queryTransferBill(outBillNo: string): Promise<TransferBill | null>;
  cancelTransferBill(outBillNo: string): Promise<TransferBill>;
}

export function createMerchantTransfers(cfg: WechatPayConfig): MerchantTransfers {
  const http = new WechatPayHttp(cfg);
  const merchantKey = createPrivateKey(cfg.merchantPrivateKeyPem);

  const authorization = (method: string, pathAndQuery: string, body: string) => {
    const timestamp = unixSeconds();
    const nonce = randomNonce(32);
    const signature = signSha256Rsa(`${method}\n${pathAndQuery}\n${timestamp}\n${nonce}\n${body}\n`, merchantKey);
    return (
      `WECHATPAY2-SHA256-RSA2048 mchid="${cfg.mchId}",nonce_str="${nonce}",signature="${signature}",` +
      `timestamp="${timestamp}",serial_no="${cfg.merchantSerialNo}"`
    );
  };
  const headers = (auth: string, extra: Record<string, string> = {}) => ({
    Authorization: auth,
    Accept: 'application/json',
    'Content-Type': 'application/json',
    'User-Agent': 'distro-mall-server',
    ...extra,
  });

  const post = async (pathOnly: string, params: Record<string, unknown>, extra?: Record<string, string>) =>
    http.post(
      WECHATPAY_SDK_HOST + pathOnly,
      params,
      headers(authorization('POST', pathOnly, JSON.stringify(params)), extra),
    );
  const get = async (pathAndQuery: string) =>
    http.get(WECHATPAY_SDK_HOST + pathAndQuery, headers(authorization('GET', pathAndQuery, '')));

  return {
    async createTransferBill(input) {
      assertOutBillNo(input.outBillNo);
      if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0)
        throw new RangeError(`transfer_amount must be a positive integer, got ${input.amountFen}`);
      if (input.amountFen >= TRANSFER_REAL_NAME_FROM_FEN && !input.userName)
        throw new RangeError('a transfer of 2,000 yuan or more needs the real name (user_name)');
      const key = input.userName ? encryptionKey(cfg) : undefined;
      const params: Record<string, unknown> = {
        appid: cfg.appId,
        out_bill_no: input.outBillNo,
        transfer_scene_id: input.sceneId,
        openid: input.openid,
        ...(key && input.userName ? { user_name: encryptSensitive(input.userName, key.key) } : {}),
        transfer_amount: input.amountFen,
        transfer_remark: input.remark.slice(0, 32),
        notify_url: input.notifyUrl,
        ...(input.userRecvPerception ? { user_recv_perception: input.userRecvPerception } : {}),
        transfer_scene_report_infos: input.reportInfos.map((i) => ({
          info_type: i.infoType,
          info_content: i.infoContent,
        })),
      };
      // the header is required on this call, user_name or not: it names the key sensitive fields are under
      const result = await post(TRANSFER_PATH, params, { 'Wechatpay-Serial': (key ?? encryptionKey(cfg)).serial });
      if (result.status !== 200 || typeof result.data?.state !== 'string') throw apiError('transfer bill', result);
      return toTransferBill(result.data as Record<string, unknown>);
    },

    async queryTransferBill(outBillNo) {
      assertOutBillNo(outBillNo);
      const result = await get(`${TRANSFER_PATH}/out-bill-no/${outBillNo}`);
      if (result.status === 404) return null;
      if (result.status !== 200 || typeof result.data?.state !== 'string') throw apiError('transfer query', result);
      return toTransferBill(result.data as Record<string, unknown>);
    },

    async cancelTransferBill(outBillNo) {
      assertOutBillNo(outBillNo);
      const result = await post(`${TRANSFER_PATH}/out-bill-no/${outBillNo}/cancel`, {});
      if (result.status !== 200 || typeof result.data?.state !== 'string') throw apiError('transfer cancel', result);
      return toTransferBill(result.data as Record<string, unknown>);
    },
  };
}

/** The platform key sensitive fields are encrypted under: the public key (public-key mode) or the certificate's. */
function encryptionKey(cfg: WechatPayConfig): { serial: string; key: KeyObject | string } {
  const publicKey = cfg.platformPublicKeys[0];
  if (publicKey) return { serial: publicKey.id, key: publicKey.pem };
  const certificate = cfg.platformCertificates[0];
  if (!certificate) throw new Error('no WeChat Pay platform key to encrypt sensitive fields with');
  return { serial: certificate.serialNo, key: new X509Certificate(certificate.pem).publicKey };
}

/** RSA/ECB/OAEPWithSHA-1AndMGF1Padding, base64: how WeChat Pay wants user_name. */
export function encryptSensitive(plain: string, key: KeyObject | string): string {
  return publicEncrypt(
    { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    Buffer.from(plain, 'utf8'),
  ).toString('base64');
}

function assertOutBillNo(outBillNo: string): void {
  if (!OUT_BILL_NO.test(outBillNo)) throw new RangeError(`out_bill_no must match ${OUT_BILL_NO}: ${outBillNo}`);
}

export function toTransferBill(data: Record<string, unknown>): TransferBill {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    outBillNo: String(data.out_bill_no ?? ''),
    transferBillNo: text(data.transfer_bill_no),
    state: String(data.state),
    packageInfo: text(data.package_info),
    failReason: text(data.fail_reason),
    amountFen: typeof data.transfer_amount === 'number' ? data.transfer_amount : undefined,
    openid: text(data.openid),
    mchId: text(data.mch_id) ?? text(data.mchid),
  };
}

function apiError(call: string, result: { status: number; error?: unknown }): WechatPayApiError {
  const body =
    typeof result.error === 'object' && result.error !== null ? (result.error as Record<string, unknown>) : {};
  const message = typeof body.message === 'string' ? body.message : `unexpected answer (HTTP ${result.status})`;
  const code = typeof body.code === 'string' ? body.code : 'UNEXPECTED_RESPONSE';
  return new WechatPayApiError(result.status, code, `WeChat Pay ${call}: ${message}`);
}
