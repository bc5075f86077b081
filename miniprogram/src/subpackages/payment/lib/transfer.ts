import type { OfflineTransferStatus, PaymentView } from '@mall/shared';

export const TRANSFER_STATUS_LABELS: Record<OfflineTransferStatus, string> = {
  awaiting_proof: '待上传转账凭证',
  proof_uploaded: '凭证已上传，等待商家确认到账',
  first_confirmed: '商家复核中',
  confirmed: '已确认到账',
  rejected: '凭证未通过',
};

/** The proof can be (re)sent until an admin has started confirming, and never once the payment closed. */
export function canUploadProof(payment: PaymentView): boolean {
  const status = payment.offline?.status;
  if (payment.status !== 'pending' || !status) return false;
  return status === 'awaiting_proof' || status === 'proof_uploaded' || status === 'rejected';
}

/** "ZZABCD2345EFGH" -> "ZZAB CD23 45EF GH": easier to copy by hand at a bank counter. */
export function groupReference(reference: string): string {
  return reference.replace(/(.{4})(?=.)/g, '$1 ');
}
