/** The field checks WeChat Pay asks for after decryption, as a pure helper for the payments module. */
import type { WechatPayConfig } from './wechatpay.types';

export type TransactionMismatch = 'APPID_MISMATCH' | 'MCHID_MISMATCH' | 'OUT_TRADE_NO_MISMATCH' | 'AMOUNT_MISMATCH';

/** null when the decrypted transaction is ours and for the expected amount; trade_state is the caller's to read. */
export function checkTransactionMatches(
  cfg: Pick<WechatPayConfig, 'appId' | 'mchId'>,
  resource: Record<string, unknown>,
  expected: { outTradeNo: string; amountFen: number },
): TransactionMismatch | null {
  if (resource.appid !== cfg.appId) return 'APPID_MISMATCH';
  if (resource.mchid !== cfg.mchId) return 'MCHID_MISMATCH';
  if (resource.out_trade_no !== expected.outTradeNo) return 'OUT_TRADE_NO_MISMATCH';
  const amount = resource.amount;
  const totalFen =
    typeof amount === 'object' && amount !== null ? (amount as Record<string, unknown>).total : undefined;
  if (totalFen !== expected.amountFen) return 'AMOUNT_MISMATCH';
  return null;
}
