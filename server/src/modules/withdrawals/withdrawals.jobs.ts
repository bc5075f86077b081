import { TRANSFER_JOB } from './review-withdrawal';
import { startTransfer, sweepTransfers, syncTransfer, TRANSFER_QUERY_JOB } from './wechat-transfer';
import type { WithdrawalsDeps } from './withdrawals-deps';

export const TRANSFER_SWEEP_JOB = 'withdrawal-transfer-sweep';

/**
 * An approved WeChat withdrawal is sent to WeChat Pay by a job (keyed by the withdrawal); a bill is asked about
 * later in case its notification is lost; a sweep every 10 minutes catches what a lost job left behind.
 */
export async function registerWithdrawalJobs(deps: WithdrawalsDeps) {
  const withdrawalNoOf = (data: unknown) => (data as { withdrawalNo: string }).withdrawalNo;
  void deps.queues.withdrawals.process(TRANSFER_JOB, 2, (job) => startTransfer(deps, withdrawalNoOf(job.data)));
  void deps.queues.withdrawals.process(TRANSFER_QUERY_JOB, 2, (job) => syncTransfer(deps, withdrawalNoOf(job.data)));
  void deps.queues.withdrawals.process(TRANSFER_SWEEP_JOB, 1, () => sweepTransfers(deps));
  await deps.queues.withdrawals.add(
    TRANSFER_SWEEP_JOB,
    {},
    { repeat: { cron: '*/10 * * * *', tz: 'Asia/Shanghai' }, jobId: TRANSFER_SWEEP_JOB },
  );
}
