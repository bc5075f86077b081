import { createHash, randomInt } from 'node:crypto';
import { UniqueConstraintError } from 'sequelize';
import type { WithdrawalChannel, WithdrawalPreview, WithdrawalView } from '@mall/shared';
import { chinaDay } from '../../platform/china-day';
import { forUpdate, withTx } from '../../platform/db/database';
import { DomainError, ValidationError } from '../../platform/errors';
import type { PlatformDeps } from '../../platform/deps';
import { currentPolicy, distributorOf } from '../distribution';
import { accountBalance } from '../ledger';
import { memberDataCipher, recordMemberDevice, withdrawalIdentityOf } from '../members';
import { raiseRiskAlerts } from './fund-risk';
import { openWithdrawalAccounts, postRequested } from './withdrawal-postings';
import { refusalFor, withdrawalFeeFen, type Refusal } from './withdrawal-rules';
import { Withdrawal, WithdrawalDailyTotal } from './withdrawal.model';
import { toWithdrawalView } from './withdrawal-views';

export interface WithdrawalRequest {
  amountFen: number;
  channel: WithdrawalChannel;
  bank?: { bankName: string; accountName: string; accountNo: string };
}

const KEY = /^[A-Za-z0-9_.:-]{8,64}$/;
const NO_ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** W + Beijing date + 8 random characters: unique, and a valid WeChat out_bill_no ([0-9A-Za-z]). */
function newWithdrawalNo(now: Date): string {
  let tail = '';
  for (let i = 0; i < 8; i += 1) tail += NO_ALPHABET[randomInt(NO_ALPHABET.length)];
  return `W${chinaDay(now).replace(/-/g, '')}${tail}`;
}

const refuse = (r: Refusal) => new DomainError(r.code, r.message, r.status, r.field);

/** The same key and body: the first answer again; the same key with another body: refused, nothing written. */
function replay(row: Withdrawal, requestHash: string): WithdrawalView {
  if (row.requestHash !== requestHash)
    throw new DomainError(
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was used for another withdrawal request',
      409,
      'Idempotency-Key',
    );
  return row.responseJson ? (JSON.parse(row.responseJson) as WithdrawalView) : toWithdrawalView(row);
}

const hashOf = (body: WithdrawalRequest) =>
  createHash('sha256')
    .update(
      JSON.stringify([body.amountFen, body.channel, body.bank?.bankName, body.bank?.accountName, body.bank?.accountNo]),
    )
    .digest('hex');

/** Who may withdraw at all: a real name and an ID number on file, and not a frozen distributor. */
async function assertMayWithdraw(deps: PlatformDeps, memberId: number, body: WithdrawalRequest) {
  const identity = await withdrawalIdentityOf(memberId);
  if (!identity.realName || !identity.hasIdNumber)
    throw new DomainError(
      'REAL_NAME_REQUIRED',
      'Add your real name and ID number to your profile before withdrawing (实名认证)',
      409,
    );
  if (body.bank && body.bank.accountName !== identity.realName)
    throw new DomainError(
      'ACCOUNT_NAME_MISMATCH',
      'The bank account must be in your own name, as on your profile',
      422,
      'bank.accountName',
    );
  const distributor = await distributorOf(await currentPolicy(deps), memberId);
  if (distributor.status === 'frozen')
    throw new DomainError('DISTRIBUTOR_FROZEN', 'Your distributor account is frozen: withdrawals are stopped', 403);
}

/**
 * A member asks for a withdrawal. One transaction: the row (unique per member and Idempotency-Key: a concurrent
 * twin waits on it, then replays), the day's counter locked and checked (count and amount limits), and the ledger
 * posting that takes the amount from the available balance (refused below zero). Anything refused writes nothing.
 */
export async function requestWithdrawal(
  deps: PlatformDeps,
  memberId: number,
  idempotencyKey: string | undefined,
  body: WithdrawalRequest,
  deviceId?: string,
): Promise<{ view: WithdrawalView; replayed: boolean }> {
  if (!idempotencyKey || !KEY.test(idempotencyKey))
    throw new ValidationError(
      'Send an Idempotency-Key header of 8 to 64 letters, digits or _.:-, new for each withdrawal',
      'Idempotency-Key',
      'IDEMPOTENCY_KEY_REQUIRED',
    );
  const requestHash = hashOf(body);
  const earlier = await Withdrawal.findOne({ where: { memberId, idempotencyKey } });
  if (earlier) return { view: replay(earlier, requestHash), replayed: true };

  const rules = deps.config.withdrawals;
  await assertMayWithdraw(deps, memberId, body);
  const first = refusalFor(rules, body.amountFen, { count: 0, amountFen: 0 });
  if (first) throw refuse(first);

  const now = new Date();
  const day = chinaDay(now);
  const feeFen = withdrawalFeeFen(rules, body.amountFen);
  const cipher = body.bank ? memberDataCipher(deps.config.memberDataKey) : null;
  await openWithdrawalAccounts(memberId);
  // the day's counter exists before the transaction (as ledger accounts are opened): only locked inside it
  await WithdrawalDailyTotal.bulkCreate([{ memberId, day, count: 0, amountFen: 0 }], { ignoreDuplicates: true });
  try {
    const view = await withTx(deps.sequelize, async (t) => {
      const row = await Withdrawal.create(
        {
          withdrawalNo: newWithdrawalNo(now),
          memberId,
          idempotencyKey,
          requestHash,
          amountFen: body.amountFen,
          feeFen,
          netFen: body.amountFen - feeFen,
          channel: body.channel,
          status: 'requested',
          requestedDay: day,
          needsTwo: body.amountFen > rules.dualReviewAboveFen,
          ...(body.bank && cipher
            ? {
                bankName: body.bank.bankName,
                accountName: body.bank.accountName,
                accountNoCipher: cipher.encrypt(body.bank.accountNo),
                accountNoHash: cipher.keyedHash(body.bank.accountNo),
                accountLast4: body.bank.accountNo.slice(-4),
              }
            : {}),
        },
        { transaction: t },
      );
      const total = await WithdrawalDailyTotal.findOne({ where: { memberId, day }, ...forUpdate(t) });
      if (!total) throw new Error(`withdrawal day ${memberId}/${day} was not opened`);
      const overLimit = refusalFor(rules, body.amountFen, total);
      if (overLimit) throw refuse(overLimit);
      await postRequested(t, row);
      // the device it was asked from (X-Device-Id; ignored when missing or malformed), for the shared-device rule
      await recordMemberDevice(deps, memberId, deviceId, t);
      // the fund-risk rules: an alert holds the withdrawal for finance (the member is not told why it waits)
      await raiseRiskAlerts(rules.risk, row, t);
      await total.update({ count: total.count + 1, amountFen: total.amountFen + body.amountFen }, { transaction: t });
      const answer = toWithdrawalView(row);
      await row.update({ responseJson: JSON.stringify(answer) }, { transaction: t });
      return answer;
    });
    return { view, replayed: false };
  } catch (error) {
    if (!(error instanceof UniqueConstraintError)) throw error;
    // a concurrent request with this key committed first (or, once in 34^8, the number was taken: a 500)
    const twin = await Withdrawal.findOne({ where: { memberId, idempotencyKey } });
    if (!twin) throw error;
    return { view: replay(twin, requestHash), replayed: true };
  }
}

/** What the confirmation page shows before the member asks: fee, net, limits, and the refusal if any. */
export async function previewWithdrawal(
  deps: PlatformDeps,
  memberId: number,
  amountFen: number,
): Promise<WithdrawalPreview> {
  const rules = deps.config.withdrawals;
  const [total, availableFen] = await Promise.all([
    WithdrawalDailyTotal.findOne({ where: { memberId, day: chinaDay(new Date()) } }),
    accountBalance({ kind: 'member_available', memberId }),
  ]);
  const today = { count: total?.count ?? 0, amountFen: total?.amountFen ?? 0 };
  const feeFen = withdrawalFeeFen(rules, amountFen);
  const refusal = refusalFor(rules, amountFen, today, availableFen);
  return {
    amountFen,
    feeFen,
    netFen: Math.max(0, amountFen - feeFen),
    minFen: rules.minFen,
    feeBps: rules.feeBps,
    feeFixedFen: rules.feeFixedFen,
    availableFen,
    todayCount: today.count,
    todayAmountFen: today.amountFen,
    dailyCount: rules.dailyCount,
    dailyAmountFen: rules.dailyAmountFen,
    refusal: refusal ? { code: refusal.code, message: refusal.message } : null,
  };
}
