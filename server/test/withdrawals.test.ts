import { generateKeyPairSync } from 'node:crypto';
import ExcelJS from 'exceljs';
import { checkInvariants } from '../src/check-invariants';
import { signNotificationForTest } from '../src/integrations/wechatpay';
import { createAdmin } from '../src/modules/admin';
import { openLedgerAccounts, postLedger } from '../src/modules/ledger';
import { sweepTransfers } from '../src/modules/withdrawals';
import { queuesDrained } from './support/drained';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Withdrawals through the API on real MariaDB and Redis, paid out through the WeChat Pay sandbox (signed,
 * encrypted MCHTRANSFER.BILL.FINISHED notifications) and bank batch files; the ledger and its invariants agree.
 */
let app: TestApp;
let admin: string;
let secondAdmin: string;
let seq = 0;

const FEE_BPS = 100; // 1%
const FEE_FIXED_FEN = 50;
const DUAL_ABOVE_FEN = 50_000;

beforeAll(async () => {
  app = await startTestApp({
    WITHDRAW_MIN_FEN: '100',
    WITHDRAW_FEE_BPS: String(FEE_BPS),
    WITHDRAW_FEE_FIXED_FEN: String(FEE_FIXED_FEN),
    WITHDRAW_DAILY_COUNT: '60',
    WITHDRAW_DAILY_AMOUNT_FEN: '100000000',
    WITHDRAW_DUAL_REVIEW_ABOVE_FEN: String(DUAL_ABOVE_FEN),
    // the fund-risk rules would hold these brand-new members' withdrawals: fund-risk.test.ts shows them
    RISK_LARGE_WITHDRAWAL_FEN: '0',
    RISK_FREQUENT_WITHDRAWALS: '0',
    RISK_NEW_MEMBER_DAYS: '0',
    RISK_SHARED_IDENTITY_MEMBERS: '0',
    RISK_COMMISSION_SPIKE_FACTOR: '0',
  });
  admin = await app.adminToken();
  await createAdmin('finance-two', 'finance-two-password', 'finance');
  const login = await app.http('POST', '/api/admin/auth/login', {
    body: { username: 'finance-two', password: 'finance-two-password' },
  });
  secondAdmin = login.body.token as string;
}, 120_000);
afterAll(() => app.stop());

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A valid, distinct resident ID number per call (GB 11643 check character). */
function idNumber(n: number): string {
  const body = `110105${1970 + (n % 40)}0101${String(n % 1000).padStart(3, '0')}`;
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11];
}

/** A member with a real name and ID on file (实名), optionally with an available balance. */
async function member(balanceFen = 0, realName = '张三') {
  seq += 1;
  const { token, member: m } = await app.loginMember(`withdraw-${process.pid}-${seq}`);
  const profile = await app.http('PUT', '/api/me/profile', { token, body: { realName, idNumber: idNumber(seq) } });
  expect(profile.status).toBe(200);
  if (balanceFen > 0) await credit(m.id as number, balanceFen);
  return { token, memberId: m.id as number };
}

/** Commission released to the member's available balance, posted to the ledger directly. */
async function credit(memberId: number, amountFen: number) {
  const entries = [
    { account: { kind: 'commission_expense' as const }, amountFen: -amountFen },
    { account: { kind: 'member_available' as const, memberId }, amountFen },
  ];
  await openLedgerAccounts(entries.map((e) => e.account));
  await app.services.sequelize.transaction((t) =>
    postLedger(t, { key: `test-credit:${memberId}:${(seq += 1)}`, kind: 'commission_released', entries }),
  );
}

const balance = async (code: string) =>
  Number((await app.query('SELECT balance_fen FROM ledger_accounts WHERE code = ?', [code]))[0]?.balance_fen ?? 0);
const available = (memberId: number) => balance(`member:${memberId}:available`);

const withdraw = (token: string, body: unknown, key: string | null = `key-${(seq += 1)}-${Date.now()}`) =>
  app.http('POST', '/api/withdrawals', { token, body, headers: key ? { 'Idempotency-Key': key } : {} });

const review = (no: string, action: 'approve' | 'reject', token = admin, reason?: string) =>
  app.http('POST', `/api/admin/withdrawals/${no}/review`, { token, body: { action, ...(reason ? { reason } : {}) } });

const fee = (amountFen: number) => Math.floor((amountFen * FEE_BPS) / 10_000) + FEE_FIXED_FEN;

test('the preview shows fee, net and limits; refusals name their code and write nothing', async () => {
  const { token, memberId } = await member(10_000);
  const preview = await app.http('GET', '/api/withdrawals/preview?amountFen=5000', { token });
  expect(preview.body).toMatchObject({
    amountFen: 5_000,
    feeFen: fee(5_000),
    netFen: 5_000 - fee(5_000),
    availableFen: 10_000,
    refusal: null,
  });
  const tooMuch = await app.http('GET', '/api/withdrawals/preview?amountFen=20000', { token });
  expect(tooMuch.body.refusal.code).toBe('INSUFFICIENT_BALANCE');

  expect((await withdraw(token, { amountFen: 5_000, channel: 'wechat' }, null)).body.error.code).toBe(
    'IDEMPOTENCY_KEY_REQUIRED',
  );
  const small = await withdraw(token, { amountFen: 99, channel: 'wechat' });
  expect([small.status, small.body.error.code]).toEqual([422, 'WITHDRAWAL_BELOW_MINIMUM']);
  const over = await withdraw(token, { amountFen: 20_000, channel: 'wechat' });
  expect([over.status, over.body.error.code]).toEqual([409, 'INSUFFICIENT_BALANCE']);
  const otherName = await withdraw(token, {
    amountFen: 1_000,
    channel: 'bank',
    bank: { bankName: '招商银行', accountName: '李四', accountNo: '6214830000001234' },
  });
  expect([otherName.status, otherName.body.error.code]).toEqual([422, 'ACCOUNT_NAME_MISMATCH']);
  const noBank = await withdraw(token, { amountFen: 1_000, channel: 'bank' });
  expect([noBank.status, noBank.body.error.field]).toEqual([400, 'bank']);

  const { token: anonymous } = await app.loginMember(`withdraw-noname-${process.pid}`);
  const unnamed = await withdraw(anonymous, { amountFen: 1_000, channel: 'wechat' });
  expect([unnamed.status, unnamed.body.error.code]).toEqual([409, 'REAL_NAME_REQUIRED']);

  expect(await available(memberId)).toBe(10_000);
  expect(await app.query('SELECT id FROM withdrawals WHERE member_id = ?', [memberId])).toEqual([]);
});

test('a frozen distributor cannot withdraw', async () => {
  const { token, memberId } = await member(10_000);
  const decide = (body: Record<string, unknown>) =>
    app.http('POST', `/api/admin/distribution/distributors/${memberId}`, { token: admin, body });
  expect((await decide({ action: 'appoint' })).status).toBe(200);
  expect((await decide({ action: 'freeze', reason: '风险核查' })).body.status).toBe('frozen');
  const refused = await withdraw(token, { amountFen: 1_000, channel: 'wechat' });
  expect([refused.status, refused.body.error.code]).toEqual([403, 'DISTRIBUTOR_FROZEN']);
});

test('50 concurrent withdrawals of X against a balance B succeed floor(B/X) times and never overdraw (20 rounds, over HTTP)', async () => {
  for (let round = 0; round < 20; round += 1) {
    const x = 100 + round * 37;
    const b = x * (round % 7) + ((round * 53) % x); // from 0 to 6 withdrawals' worth, plus change
    const { token, memberId } = await member(b);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        withdraw(token, { amountFen: x, channel: 'wechat' }, `round-${round}-member-${memberId}-${i}`),
      ),
    );
    const ok = answers.filter((a) => a.status === 201).length;
    const refused = answers.filter((a) => a.status === 409 && a.body.error.code === 'INSUFFICIENT_BALANCE').length;
    expect({ round, ok, refused }).toEqual({ round, ok: Math.floor(b / x), refused: 50 - Math.floor(b / x) });
    expect(await available(memberId)).toBe(b - ok * x);
    expect(await available(memberId)).toBeGreaterThanOrEqual(0);
  }
  expect(await checkInvariants(app.services.sequelize)).toEqual([]);
}, 300_000);

test('one Idempotency-Key sent 20 times at once makes one withdrawal; the same key with another body is refused', async () => {
  const { token, memberId } = await member(10_000);
  const key = `once-for-member-${memberId}`;
  const answers = await Promise.all(
    Array.from({ length: 20 }, () => withdraw(token, { amountFen: 3_000, channel: 'wechat' }, key)),
  );
  expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
  expect(new Set(answers.map((a) => a.body.withdrawalNo)).size).toBe(1);
  expect(answers.filter((a) => a.headers.get('idempotent-replayed') !== 'true')).toHaveLength(1);
  expect(await available(memberId)).toBe(7_000);
  expect(await app.query('SELECT id FROM withdrawals WHERE member_id = ?', [memberId])).toHaveLength(1);

  const other = await withdraw(token, { amountFen: 3_001, channel: 'wechat' }, key);
  expect([other.status, other.body.error.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
  expect(await available(memberId)).toBe(7_000);

  // a member sees only their own withdrawals
  const { token: stranger } = await member();
  expect((await app.http('GET', `/api/withdrawals/${answers[0].body.withdrawalNo}`, { token: stranger })).status).toBe(
    404,
  );
  const mine = await app.http('GET', '/api/withdrawals', { token });
  expect(mine.body.items.map((w: { withdrawalNo: string }) => w.withdrawalNo)).toEqual([answers[0].body.withdrawalNo]);
});

test('a rejection needs a reason, gives the amount back, is audited, and cannot be reviewed again', async () => {
  const { token, memberId } = await member(5_000);
  const { body: w } = await withdraw(token, { amountFen: 4_000, channel: 'wechat' });
  expect(await available(memberId)).toBe(1_000);
  expect((await review(w.withdrawalNo, 'reject')).status).toBe(400);
  const rejected = await review(w.withdrawalNo, 'reject', admin, '账户信息待核实');
  expect(rejected.body).toMatchObject({ status: 'rejected', reason: '账户信息待核实' });
  expect(await available(memberId)).toBe(5_000);
  const again = await review(w.withdrawalNo, 'approve');
  expect([again.status, again.body.error.code]).toEqual([409, 'WITHDRAWAL_NOT_REVIEWABLE']);
  const audit = await app.query('SELECT action FROM admin_audit_logs WHERE target_id = ?', [w.withdrawalNo]);
  expect(audit.map((a) => a.action)).toEqual(['withdrawals.reject']);
  expect(await checkInvariants(app.services.sequelize)).toEqual([]);
});

/** Approved, sent to WeChat Pay by the job, waiting for the member's confirmation. */
async function transferring(amountFen: number) {
  const who = await member(amountFen);
  const { body: w } = await withdraw(who.token, { amountFen, channel: 'wechat' });
  expect((await review(w.withdrawalNo, 'approve')).body.status).toBe(
    amountFen > DUAL_ABOVE_FEN ? 'first_approved' : 'approved',
  );
  if (amountFen > DUAL_ABOVE_FEN)
    expect((await review(w.withdrawalNo, 'approve', secondAdmin)).body.status).toBe('approved');
  await queuesDrained(app.services);
  const transfer = await app.http('GET', `/api/withdrawals/${w.withdrawalNo}/transfer`, { token: who.token });
  expect(transfer.body).toMatchObject({ state: 'WAIT_USER_CONFIRM', mchId: app.config.wechatpay.mchId });
  expect(transfer.body.package).toEqual(expect.any(String));
  return { ...who, withdrawalNo: w.withdrawalNo as string };
}

const outcome = (no: string, body: Record<string, unknown>) =>
  app.http('POST', `/sandbox/wechatpay/transfers/${no}/outcome`, { body });

test('above the threshold a second, different admin approves (maker-checker)', async () => {
  const { token } = await member(80_000);
  const { body: w } = await withdraw(token, { amountFen: 80_000, channel: 'wechat' });
  expect((await review(w.withdrawalNo, 'approve')).body).toMatchObject({ status: 'first_approved', needsTwo: true });
  const same = await review(w.withdrawalNo, 'approve');
  expect([same.status, same.body.error.code]).toEqual([409, 'SECOND_REVIEWER_REQUIRED']);
  expect((await review(w.withdrawalNo, 'approve', secondAdmin)).body).toMatchObject({
    status: 'approved',
    firstReviewer: 'admin',
    secondReviewer: 'finance-two',
  });
  const audit = await app.query('SELECT admin_username FROM admin_audit_logs WHERE target_id = ? ORDER BY id', [
    w.withdrawalNo,
  ]);
  expect(audit.map((a) => a.admin_username)).toEqual(['admin', 'finance-two']);
});

test('WeChat transfer: the member confirms, the signed notification pays it out with the fee split; duplicates change nothing, forged and stale ones are refused', async () => {
  const clearingBefore = await balance('platform:platform_clearing');
  const feesBefore = await balance('platform:payout_fees');
  const amountFen = 60_000; // above the dual-review threshold
  const { token, memberId, withdrawalNo } = await transferring(amountFen);
  const confirmed = await outcome(withdrawalNo, { outcome: 'success' });
  expect(confirmed.body).toEqual({ state: 'SUCCESS', notified: true });
  const paid = await app.http('GET', `/api/withdrawals/${withdrawalNo}`, { token });
  expect(paid.body).toMatchObject({ status: 'paid', transferState: 'SUCCESS', feeFen: fee(amountFen) });
  expect(await balance('platform:platform_clearing')).toBe(clearingBefore + amountFen - fee(amountFen));
  expect(await balance('platform:payout_fees')).toBe(feesBefore + fee(amountFen));
  expect(await available(memberId)).toBe(0);

  const keys = app.services.sandboxKeys!;
  const signer = {
    platformPrivateKeyPem: keys.platformPrivateKeyPem,
    serial: keys.platformPublicKeyId,
    apiV3Key: keys.apiV3Key,
  };
  const [row] = await app.query('SELECT transfer_bill_no FROM withdrawals WHERE withdrawal_no = ?', [withdrawalNo]);
  const resource = (state: string) => ({
    out_bill_no: withdrawalNo,
    transfer_bill_no: row.transfer_bill_no,
    state,
    mch_id: app.config.wechatpay.mchId,
    transfer_amount: amountFen - fee(amountFen),
    openid: 'x',
    create_time: new Date().toISOString(),
    update_time: new Date().toISOString(),
  });
  const send = (n: { headers: Record<string, string>; rawBody: string }) =>
    app.http('POST', '/api/withdrawals/wechat/notify', {
      body: n.rawBody,
      headers: { 'content-type': 'application/json', ...n.headers },
    });
  // a duplicate (even one claiming failure after success) is acknowledged and changes nothing
  const dup = await send(
    signNotificationForTest({ keys: signer, eventType: 'MCHTRANSFER.BILL.FINISHED', resource: resource('FAIL') }),
  );
  expect(dup.status).toBe(204);
  // stale (a replay from long ago), forged (another key), tampered: 401, nothing applied
  const stale = signNotificationForTest({
    keys: signer,
    eventType: 'MCHTRANSFER.BILL.FINISHED',
    resource: resource('SUCCESS'),
    timestampSec: Math.floor(Date.now() / 1000) - 3_600,
  });
  expect((await send(stale)).status).toBe(401);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forged = signNotificationForTest({
    keys: { ...signer, platformPrivateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
    eventType: 'MCHTRANSFER.BILL.FINISHED',
    resource: resource('SUCCESS'),
  });
  expect((await send(forged)).status).toBe(401);
  const tampered = signNotificationForTest({
    keys: signer,
    eventType: 'MCHTRANSFER.BILL.FINISHED',
    resource: resource('SUCCESS'),
    tamper: 'tag',
  });
  expect((await send(tampered)).status).toBe(401);
  const wrongAmount = await send(
    signNotificationForTest({
      keys: signer,
      eventType: 'MCHTRANSFER.BILL.FINISHED',
      resource: { ...resource('SUCCESS'), transfer_amount: 1 },
    }),
  );
  expect(wrongAmount.status).toBe(400);

  expect((await app.http('GET', `/api/withdrawals/${withdrawalNo}`, { token })).body.status).toBe('paid');
  expect(await balance('platform:payout_fees')).toBe(feesBefore + fee(amountFen));
  expect(await checkInvariants(app.services.sequelize)).toEqual([]);
});

test('WeChat transfer fails: the amount goes back to the member', async () => {
  const { token, memberId, withdrawalNo } = await transferring(3_000);
  expect(await available(memberId)).toBe(0);
  expect((await outcome(withdrawalNo, { outcome: 'fail', failReason: 'REAL_NAME_CHECK_FAIL' })).body.notified).toBe(
    true,
  );
  const failed = await app.http('GET', `/api/withdrawals/${withdrawalNo}`, { token });
  expect(failed.body).toMatchObject({ status: 'failed', transferState: 'FAIL' });
  expect(failed.body.reason).toContain('REAL_NAME_CHECK_FAIL');
  expect(await available(memberId)).toBe(3_000);
  expect(await checkInvariants(app.services.sequelize)).toEqual([]);
});

test('a lost notification: the member’s sync and the sweep ask WeChat Pay and apply the bill', async () => {
  const a = await transferring(2_000);
  expect((await outcome(a.withdrawalNo, { outcome: 'success', notify: false })).body.notified).toBe(false);
  expect((await app.http('GET', `/api/withdrawals/${a.withdrawalNo}`, { token: a.token })).body.status).toBe(
    'transferring',
  );
  expect((await app.http('POST', `/api/withdrawals/${a.withdrawalNo}/sync`, { token: a.token })).body.status).toBe(
    'paid',
  );

  const b = await transferring(2_500);
  await outcome(b.withdrawalNo, { outcome: 'fail', notify: false });
  expect(await sweepTransfers(app.services, new Date(Date.now() + 3_600_000))).toBeGreaterThanOrEqual(1);
  expect((await app.http('GET', `/api/withdrawals/${b.withdrawalNo}`, { token: b.token })).body.status).toBe('failed');
  expect(await available(b.memberId)).toBe(2_500);
  expect(await checkInvariants(app.services.sequelize)).toEqual([]);
});

test('bank batch: approved bank withdrawals go into one file; finance settles each row, a failure re-credits', async () => {
  const bank = (accountNo: string) => ({ bankName: '招商银行', accountName: '张三', accountNo });
  const one = await member(10_000);
  const two = await member(10_000);
  const { body: w1 } = await withdraw(one.token, {
    amountFen: 6_000,
    channel: 'bank',
    bank: bank('6214 8300 0000 1111'),
  });
  const { body: w2 } = await withdraw(two.token, { amountFen: 7_000, channel: 'bank', bank: bank('6214830000002222') });
  expect(w1.accountMasked).toBe('**** 1111');
  await review(w1.withdrawalNo, 'approve');
  await review(w2.withdrawalNo, 'approve');
  await queuesDrained(app.services);

  const batch = await app.http('POST', '/api/admin/withdrawals/bank-batches', { token: admin });
  expect(batch.status).toBe(201);
  expect(batch.body.withdrawalNos).toEqual([w1.withdrawalNo, w2.withdrawalNo]);
  expect(batch.body.totalNetFen).toBe(6_000 - fee(6_000) + 7_000 - fee(7_000));
  expect((await app.http('POST', '/api/admin/withdrawals/bank-batches', { token: admin })).body.error.code).toBe(
    'NOTHING_TO_BATCH',
  );

  const csv = await app.http('GET', `/api/admin/withdrawals/bank-batches/${batch.body.batchNo}/file?format=csv`, {
    token: admin,
  });
  expect(csv.headers.get('content-type')).toContain('text/csv');
  expect(csv.text).toContain(
    `${w1.withdrawalNo},张三,6214830000001111,招商银行,${((6_000 - fee(6_000)) / 100).toFixed(2)}`,
  );
  const xlsx = await fetch(`${app.url}/api/admin/withdrawals/bank-batches/${batch.body.batchNo}/file?format=xlsx`, {
    headers: { authorization: `Bearer ${admin}` },
  });
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
  const sheet = book.worksheets[0];
  expect(sheet.getRow(3).getCell(4).value).toBe('6214830000002222');

  const settled = await app.http('POST', `/api/admin/withdrawals/bank-batches/${batch.body.batchNo}/results`, {
    token: secondAdmin,
    body: {
      rows: [
        { withdrawalNo: w1.withdrawalNo, outcome: 'paid' },
        { withdrawalNo: w2.withdrawalNo, outcome: 'failed', reason: '账户已销户' },
        { withdrawalNo: 'W2026010100000000', outcome: 'paid' },
      ],
    },
  });
  expect(settled.status).toBe(200);
  expect(settled.body.rows.map((r: { ok: boolean; status: string | null }) => [r.ok, r.status])).toEqual([
    [true, 'paid'],
    [true, 'failed'],
    [false, null],
  ]);
  expect(await available(one.memberId)).toBe(4_000);
  expect(await available(two.memberId)).toBe(10_000);
  // the same results again change nothing
  const again = await app.http('POST', `/api/admin/withdrawals/bank-batches/${batch.body.batchNo}/results`, {
    token: admin,
    body: { rows: [{ withdrawalNo: w1.withdrawalNo, outcome: 'paid' }] },
  });
  expect(again.body.rows[0]).toMatchObject({ ok: true, status: 'paid' });
  expect(await checkInvariants(app.services.sequelize)).toEqual([]);
});
