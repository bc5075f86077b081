import type { Config } from '../../platform/config';

export type WithdrawalRules = Config['withdrawals'];

/** The fee kept at payout: bps of the amount (rounded down, in the member's favour) plus the fixed part. */
export function withdrawalFeeFen(rules: WithdrawalRules, amountFen: number): number {
  return Math.floor((amountFen * rules.feeBps) / 10_000) + rules.feeFixedFen;
}

export interface Refusal {
  code: string;
  message: string;
  field?: string;
  status: number;
}

/**
 * Why this amount cannot be asked now (null when it can), from the rules and the member's day so far. The
 * request checks the same again under the day's lock, and the ledger has the last word on the balance.
 */
export function refusalFor(
  rules: WithdrawalRules,
  amountFen: number,
  day: { count: number; amountFen: number },
  availableFen?: number,
): Refusal | null {
  const yuan = (fen: number) => (fen / 100).toFixed(2);
  if (amountFen < rules.minFen)
    return {
      code: 'WITHDRAWAL_BELOW_MINIMUM',
      message: `The least you can withdraw is ¥${yuan(rules.minFen)}`,
      field: 'amountFen',
      status: 422,
    };
  if (withdrawalFeeFen(rules, amountFen) >= amountFen)
    return {
      code: 'WITHDRAWAL_FEE_EXCEEDS_AMOUNT',
      message: `The fee of ¥${yuan(withdrawalFeeFen(rules, amountFen))} would take all of it`,
      field: 'amountFen',
      status: 422,
    };
  if (day.count + 1 > rules.dailyCount)
    return {
      code: 'DAILY_WITHDRAWAL_COUNT_EXCEEDED',
      message: `At most ${rules.dailyCount} withdrawals a day`,
      status: 409,
    };
  if (day.amountFen + amountFen > rules.dailyAmountFen)
    return {
      code: 'DAILY_WITHDRAWAL_AMOUNT_EXCEEDED',
      message: `At most ¥${yuan(rules.dailyAmountFen)} a day; ¥${yuan(Math.max(0, rules.dailyAmountFen - day.amountFen))} is left today`,
      field: 'amountFen',
      status: 409,
    };
  if (availableFen !== undefined && amountFen > availableFen)
    return {
      code: 'INSUFFICIENT_BALANCE',
      message: `The available balance is ¥${yuan(availableFen)}`,
      field: 'amountFen',
      status: 409,
    };
  return null;
}
