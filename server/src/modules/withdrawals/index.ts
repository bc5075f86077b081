import { defineModule } from '../../platform/module';
import { withdrawalInvariants } from './withdrawal-invariants';
import { initRiskAlertModel } from './risk-alert.model';
import { initWithdrawalModels } from './withdrawal.model';
import { registerWithdrawalJobs } from './withdrawals.jobs';
import { registerWithdrawalRoutes } from './withdrawals.routes';
import type { WithdrawalsDeps } from './withdrawals-deps';

export { sweepTransfers, syncTransfer } from './wechat-transfer';
export type { WithdrawalsDeps } from './withdrawals-deps';

/**
 * Withdrawals (withdrawals, withdrawal_daily_totals, withdrawal_batches, risk_alerts): a member asks (idempotent by key,
 * minimum, fee, daily limits, real name, not frozen) and the amount leaves the available balance for payouts in
 * transit; finance reviews (a second admin above the threshold); payout by WeChat Pay merchant transfer (the member
 * confirms; notification or query) or a bank batch file confirmed row by row. A rejection or a failure gives the
 * amount back; a payout leaves the net amount through clearing and the fee to payout fees. Every step is posted.
 */
export const withdrawalsModule = defineModule<WithdrawalsDeps>({
  name: 'withdrawals',
  initModels: (sequelize) => {
    initWithdrawalModels(sequelize);
    initRiskAlertModel(sequelize);
  },
  routes: registerWithdrawalRoutes,
  jobs: registerWithdrawalJobs,
  invariants: withdrawalInvariants,
  permissions: {
    'withdrawals:read': 'See withdrawals and the review queue',
    'withdrawals:review':
      'Approve or reject withdrawals (a second admin approves large ones), make and settle bank payout batches',
    'risk:read': 'See fund-risk alerts (large amounts, frequency, new members, shared cards or phones, spikes)',
    'risk:resolve': 'Resolve fund-risk alerts with a note (a withdrawal waits until its alerts are resolved)',
  },
});
