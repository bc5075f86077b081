import { describe, expect, it } from '@jest/globals';
import type { PaymentView } from '@mall/shared';
import { canUploadProof, groupReference } from './transfer';

const payment = (
  status: PaymentView['status'],
  offline: NonNullable<PaymentView['offline']>['status'],
): PaymentView => ({
  id: 1,
  orderNo: 'O1',
  channel: 'offline',
  outTradeNo: 'O1OF',
  status,
  amountFen: 100,
  refundedFen: 0,
  transactionId: null,
  paidAt: null,
  createdAt: '2026-12-01T00:00:00.000Z',
  offline: {
    reference: 'ZZABCD',
    status: offline,
    hasProof: false,
    rejectReason: null,
    deadlineAt: '2026-12-04T00:00:00.000Z',
  },
});

describe('bank transfer page rules', () => {
  it('takes a proof until an admin starts confirming', () => {
    expect(canUploadProof(payment('pending', 'awaiting_proof'))).toBe(true);
    expect(canUploadProof(payment('pending', 'proof_uploaded'))).toBe(true);
    expect(canUploadProof(payment('pending', 'rejected'))).toBe(true);
    expect(canUploadProof(payment('pending', 'first_confirmed'))).toBe(false);
    expect(canUploadProof(payment('succeeded', 'confirmed'))).toBe(false);
  });

  it('groups the reference by four', () => {
    expect(groupReference('ZZABCD2345EFGH')).toBe('ZZAB CD23 45EF GH');
  });
});
