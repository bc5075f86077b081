import { openLedgerAccounts, postLedger } from '../src/modules/ledger';
import { queuesDrained } from './support/drained';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Withdrawal mends (issue 11): a rejected request gives its place in the day back; every download of a bank payout
 * file (account numbers in clear) is audited; a WeChat transfer still waiting for the member is withdrawn (撤销) at
 * WeChat Pay and the amount goes back.
 */
let app: TestApp;
let admin: string;
let seq = 0;

beforeAll(async () => {
  app = await startTestApp({
    WITHDRAW_MIN_FEN: '100',
    WITHDRAW_DAILY_COUNT: '1',
    WITHDRAW_DAILY_AMOUNT_FEN: '100000',
    RISK_NEW_MEMBER_DAYS: '0',
    RISK_COMMISSION_SPIKE_FACTOR: '0',
  });
  admin = await app.adminToken();
}, 120_000);
afterAll(() => app.stop());

async function member(balanceFen: number) {
  seq += 1;
  const { token, member: m } = await app.loginMember(`mend-${process.pid}-${seq}`);
  const memberId = m.id as number;
  const id = `11010519900101${String(100 + seq).slice(-3)}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const check = '10X98765432'[weights.reduce((acc, w, i) => acc + w * Number(id[i]), 0) % 11];
  expect(
    (await app.http('PUT', '/api/me/profile', { token, body: { realName: '韩梅梅', idNumber: id + check } })).status,
  ).toBe(200);
  const entries = [
    { account: { kind: 'commission_expense' as const }, amountFen: -balanceFen },
    { account: { kind: 'member_available' as const, memberId }, amountFen: balanceFen },
  ];
  await openLedgerAccounts(entries.map((e) => e.account));
  await app.services.sequelize.transaction((t) =>
    postLedger(t, { key: `mend-credit:${memberId}`, kind: 'commission_released', entries }),
  );
  return { token, memberId };
}

const withdraw = (token: string, body: object) =>
  app.http('POST', '/api/withdrawals', { token, body, headers: { 'Idempotency-Key': `mend-key-${(seq += 1)}` } });
const review = (no: string, body: object) =>
  app.http('POST', `/api/admin/withdrawals/${no}/review`, { token: admin, body });
const available = async (memberId: number) =>
  Number(
    (await app.query('SELECT balance_fen FROM ledger_accounts WHERE code = ?', [`member:${memberId}:available`]))[0]
      .balance_fen,
  );

test('a rejected withdrawal gives its daily count and amount back', async () => {
  const { token } = await member(10_000);
  const first = await withdraw(token, { amountFen: 2_000, channel: 'wechat' });
  expect(first.status).toBe(201);
  const full = await withdraw(token, { amountFen: 1_000, channel: 'wechat' });
  expect([full.status, full.body.error.code]).toEqual([409, 'DAILY_WITHDRAWAL_COUNT_EXCEEDED']);
  expect((await review(first.body.withdrawalNo, { action: 'reject', reason: '账户信息不符' })).body.status).toBe(
    'rejected',
  );
  const preview = await app.http('GET', '/api/withdrawals/preview?amountFen=1000', { token });
  expect(preview.body).toMatchObject({ todayCount: 0, todayAmountFen: 0, refusal: null });
  expect((await withdraw(token, { amountFen: 1_000, channel: 'wechat' })).status).toBe(201);
});

test('each download of a bank payout file is audited', async () => {
  const { token } = await member(10_000);
  const asked = await withdraw(token, {
    amountFen: 3_000,
    channel: 'bank',
    bank: { bankName: '建设银行', accountName: '韩梅梅', accountNo: '6217000010002233' },
  });
  expect((await review(asked.body.withdrawalNo, { action: 'approve' })).body.status).toBe('approved');
  const batch = await app.http('POST', '/api/admin/withdrawals/bank-batches', { token: admin });
  expect(batch.status).toBe(201);
  for (const format of ['csv', 'xlsx'])
    expect(
      (
        await app.http('GET', `/api/admin/withdrawals/bank-batches/${batch.body.batchNo}/file?format=${format}`, {
          token: admin,
        })
      ).status,
    ).toBe(200);
  const audits = await app.query(
    "SELECT action, after_json FROM admin_audit_logs WHERE action = 'withdrawals.bank_batch_file' AND target_id = ?",
    [batch.body.batchNo],
  );
  expect(audits.map((a) => JSON.parse(a.after_json))).toEqual([
    { format: 'csv', rows: 1 },
    { format: 'xlsx', rows: 1 },
  ]);
  expect(audits.map((a) => a.after_json).join()).not.toContain('6217000010002233');
});

test('a WeChat transfer waiting for the member is withdrawn (撤销): the amount goes back, once', async () => {
  const { token, memberId } = await member(10_000);
  const asked = await withdraw(token, { amountFen: 4_000, channel: 'wechat' });
  const no = asked.body.withdrawalNo as string;
  const cancel = (reason = '会员信息有误，撤销转账') =>
    app.http('POST', `/api/admin/withdrawals/${no}/cancel-transfer`, { token: admin, body: { reason } });
  const early = await cancel();
  expect([early.status, early.body.error.code]).toEqual([409, 'TRANSFER_NOT_CANCELLABLE']); // not sent yet
  expect((await review(no, { action: 'approve' })).body.status).toBe('approved');
  await queuesDrained(app.services);
  expect((await app.http('GET', `/api/withdrawals/${no}/transfer`, { token })).body.state).toBe('WAIT_USER_CONFIRM');
  expect(await available(memberId)).toBe(6_000);

  const cancelled = await cancel();
  expect(cancelled.status).toBe(200);
  expect(cancelled.body).toMatchObject({ status: 'failed', transferState: 'CANCELLED' });
  expect(await available(memberId)).toBe(10_000);
  await queuesDrained(app.services);
  const again = await cancel();
  expect([again.status, again.body.error.code]).toEqual([409, 'TRANSFER_NOT_CANCELLABLE']);
  // the sandbox's CANCELLED notification changes nothing more
  expect(await available(memberId)).toBe(10_000);
  const audits = await app.query(
    "SELECT id FROM admin_audit_logs WHERE action = 'withdrawals.cancel_transfer' AND target_id = ?",
    [no],
  );
  expect(audits.length).toBe(3);
  expect((await app.http('GET', `/api/withdrawals/${no}`, { token })).body.reason).toContain('已撤销');
});
