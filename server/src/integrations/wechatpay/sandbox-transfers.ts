/**
 * The sandbox's memory of merchant transfer bills (商家转账, one process), with WeChat Pay's rules: out_bill_no is
 * the idempotency key (the same number with the same parameters answers the same bill, with others it is
 * refused), a bill of 2,000 yuan or more needs user_name encrypted under the platform key named by
 * Wechatpay-Serial, a new bill waits for the member (WAIT_USER_CONFIRM + package_info), and only a bill still
 * waiting can be cancelled. What the member does on the confirm page is played by a test control.
 */
import { constants, privateDecrypt, randomBytes } from 'node:crypto';
import { formatWechatTime } from './v3-crypto';
import type { SandboxRefusal } from './sandbox-ledger';

export interface SandboxTransfer {
  mchId: string;
  appid: string;
  outBillNo: string;
  transferBillNo: string;
  openid: string;
  amountFen: number;
  remark: string;
  sceneId: string;
  userName?: string;
  notifyUrl: string;
  state: 'WAIT_USER_CONFIRM' | 'SUCCESS' | 'FAIL' | 'CANCELLED';
  failReason?: string;
  createTime: string;
  updateTime: string;
  /** Parameters the bill was made with: a repeat must match them. */
  fingerprint: string;
  notificationBody?: string;
}

type Outcome<T> = { ok: T } | { refused: SandboxRefusal };
const refuse = (status: number, code: string, message: string) => ({ refused: { status, code, message } });
const FINAL = new Set(['SUCCESS', 'FAIL', 'CANCELLED']);

export class SandboxTransfers {
  private readonly bills = new Map<string, SandboxTransfer>();

  constructor(
    private readonly keys: { appId: string; mchId: string; platformPrivateKeyPem: string; serials: string[] },
  ) {}

  create(body: unknown, serialHeader: string | undefined): Outcome<SandboxTransfer> {
    const b = (body ?? {}) as Record<string, unknown>;
    if (!serialHeader || !this.keys.serials.includes(serialHeader))
      return refuse(400, 'PARAM_ERROR', 'Wechatpay-Serial 请求头缺失或无效');
    if (b.appid !== this.keys.appId) return refuse(400, 'PARAM_ERROR', 'appid 与商户号不匹配');
    if (typeof b.out_bill_no !== 'string' || !/^[0-9A-Za-z]{5,32}$/.test(b.out_bill_no))
      return refuse(400, 'PARAM_ERROR', 'out_bill_no 格式错误');
    if (typeof b.transfer_scene_id !== 'string' || !/^\d{4}$/.test(b.transfer_scene_id))
      return refuse(400, 'PARAM_ERROR', 'transfer_scene_id 无效');
    if (typeof b.openid !== 'string' || !b.openid) return refuse(400, 'PARAM_ERROR', 'openid 不能为空');
    const amount = b.transfer_amount;
    if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 10)
      return refuse(400, 'PARAM_ERROR', 'transfer_amount 无效（最低 0.1 元）');
    if (typeof b.transfer_remark !== 'string' || !b.transfer_remark || [...b.transfer_remark].length > 32)
      return refuse(400, 'PARAM_ERROR', 'transfer_remark 不能为空且不超过 32 个字符');
    const infos = b.transfer_scene_report_infos;
    if (
      !Array.isArray(infos) ||
      infos.length === 0 ||
      !infos.every(
        (i: Record<string, unknown>) => typeof i?.info_type === 'string' && typeof i?.info_content === 'string',
      )
    )
      return refuse(400, 'PARAM_ERROR', 'transfer_scene_report_infos 不能为空');
    let userName: string | undefined;
    if (b.user_name !== undefined) {
      try {
        userName = privateDecrypt(
          { key: this.keys.platformPrivateKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
          Buffer.from(String(b.user_name), 'base64'),
        ).toString('utf8');
      } catch {
        return refuse(400, 'PARAM_ERROR', 'user_name 解密失败，请使用微信支付公钥加密');
      }
    }
    if (amount >= 200_000 && !userName) return refuse(400, 'PARAM_ERROR', '转账金额 >= 2000 元时 user_name 必填');
    const fingerprint = JSON.stringify([b.openid, amount, b.transfer_scene_id, userName ?? null]);
    const existing = this.bills.get(b.out_bill_no);
    if (existing) {
      if (existing.fingerprint !== fingerprint)
        return refuse(400, 'INVALID_REQUEST', '商户单号已存在，请求参数与原单据不一致');
      return { ok: existing };
    }
    const now = formatWechatTime(new Date());
    const bill: SandboxTransfer = {
      mchId: this.keys.mchId,
      appid: this.keys.appId,
      outBillNo: b.out_bill_no,
      transferBillNo: `1330000${Date.now()}${randomBytes(3).toString('hex')}`,
      openid: b.openid,
      amountFen: amount,
      remark: b.transfer_remark,
      sceneId: b.transfer_scene_id,
      userName,
      notifyUrl: typeof b.notify_url === 'string' ? b.notify_url : '',
      state: 'WAIT_USER_CONFIRM',
      createTime: now,
      updateTime: now,
      fingerprint,
    };
    this.bills.set(bill.outBillNo, bill);
    return { ok: bill };
  }

  find(outBillNo: string): SandboxTransfer | undefined {
    return this.bills.get(outBillNo);
  }

  cancel(outBillNo: string): Outcome<SandboxTransfer> {
    const bill = this.bills.get(outBillNo);
    if (!bill) return refuse(404, 'NOT_FOUND', '单据不存在');
    if (bill.state === 'CANCELLED') return { ok: bill };
    if (bill.state !== 'WAIT_USER_CONFIRM') return refuse(400, 'INVALID_REQUEST', '当前单据状态不允许撤销');
    this.finish(bill, 'CANCELLED', 'MCH_CANCEL');
    return { ok: bill };
  }

  /** The member on the confirm page: receives the money (SUCCESS), or the transfer fails (a reason of WeChat's). */
  settle(
    outBillNo: string,
    outcome: 'success' | 'fail',
    failReason = 'PAYEE_ACCOUNT_ABNORMAL',
  ): Outcome<SandboxTransfer> {
    const bill = this.bills.get(outBillNo);
    if (!bill) return refuse(404, 'NOT_FOUND', '单据不存在');
    if (FINAL.has(bill.state)) return refuse(400, 'INVALID_REQUEST', `单据已是终态 ${bill.state}`);
    if (outcome === 'success') this.finish(bill, 'SUCCESS');
    else this.finish(bill, 'FAIL', failReason);
    return { ok: bill };
  }

  private finish(bill: SandboxTransfer, state: SandboxTransfer['state'], failReason?: string): void {
    bill.state = state;
    bill.failReason = failReason;
    bill.updateTime = formatWechatTime(new Date());
  }
}

/** The bill as create/query answers describe it; package_info only while it waits for the member. */
export function describeTransfer(
  bill: SandboxTransfer,
  as: 'create' | 'query' | 'notification',
): Record<string, unknown> {
  const base: Record<string, unknown> = {
    out_bill_no: bill.outBillNo,
    transfer_bill_no: bill.transferBillNo,
    create_time: bill.createTime,
    state: bill.state,
    ...(bill.failReason ? { fail_reason: bill.failReason } : {}),
  };
  if (as === 'create')
    return bill.state === 'WAIT_USER_CONFIRM' ? { ...base, package_info: packageInfoOf(bill) } : base;
  return {
    ...base,
    mch_id: bill.mchId,
    transfer_amount: bill.amountFen,
    openid: bill.openid,
    update_time: bill.updateTime,
    ...(as === 'query' ? { appid: bill.appid, transfer_remark: bill.remark } : {}),
  };
}

/** An opaque token, as WeChat's is: what the mini-program hands to wx.requestMerchantTransfer. */
function packageInfoOf(bill: SandboxTransfer): string {
  return `ABBQO+oYAAABAAAAAAAk${Buffer.from(`${bill.mchId}:${bill.transferBillNo}`).toString('base64')}`;
}
