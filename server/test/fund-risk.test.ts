import { randomBytes } from 'node:crypto';
import { createAdmin } from '../src/modules/admin';
import { openLedgerAccounts, postLedger } from '../src/modules/ledger';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Fund-risk alerts (issue 11, 资金风控): a withdrawal that trips a rule — a large amount, high frequency, soon after
 * joining, a bank card, phone or device shared with another member, a commission spike against the member's history —
 * raises an alert and waits: it cannot be approved until finance resolves the alert with a note (audited). The
 * thresholds come from the configuration; an alert never shows a card or phone number.
 */
let app: TestApp;
let admin: string;
let finance: string;
let seq = 0;

beforeAll(async () => {
  app = await startTestApp({
    WITHDRAW_MIN_FEN: '100',
    WITHDRAW_DAILY_COUNT: '50',
    WITHDRAW_DAILY_AMOUNT_FEN: '100000000',
    WITHDRAW_DUAL_REVIEW_ABOVE_FEN: '100000000',
    RISK_LARGE_WITHDRAWAL_FEN: '50000',
    RISK_FREQUENT_WITHDRAWALS: '3',
    RISK_FREQUENT_HOURS: '24',
    RISK_NEW_MEMBER_DAYS: '7',
    RISK_SHARED_IDENTITY_MEMBERS: '2',
    RISK_COMMISSION_SPIKE_FACTOR: '5',
    RISK_COMMISSION_SPIKE_MIN_FEN: '10000',
  });
  admin = await app.adminToken();
  await createAdmin('risk-finance', 'risk-finance-password', 'finance');
  finance = (
    await app.http('POST', '/api/admin/auth/login', {
      body: { username: 'risk-finance', password: 'risk-finance-password' },
    })
  ).body.token as string;
}, 120_000);
afterAll(() => app.stop());

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function idNumber(n: number): string {
  const body = `110105${1970 + (n % 40)}0101${String(n % 1000).padStart(3, '0')}`;
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11];
}

/** Logs in as the mini-program does, sending its install id as X-Device-Id. */
async function loginOnDevice(openid: string, deviceId: string) {
  const { body: codeBody } = await app.http('POST', '/sandbox/wechat/js-code', { body: { openid } });
  const res = await app.http('POST', '/api/auth/wechat-login', {
    body: { code: codeBody.code },
    headers: { 'X-Device-Id': deviceId },
  });
  expect(res.status).toBe(200);
  return res.body as { token: string; member: { id: number } };
}

/** A member with a real name on file and money to withdraw; `joinedDaysAgo` backdates the account. */
async function member(balanceFen: number, joinedDaysAgo = 30, deviceId?: string) {
  seq += 1;
  const openid = `risk-${process.pid}-${seq}`;
  const { token, member: m } = deviceId ? await loginOnDevice(openid, deviceId) : await app.loginMember(openid);
  const memberId = m.id as number;
  expect(
    (await app.http('PUT', '/api/me/profile', { token, body: { realName: '李雷', idNumber: idNumber(seq) } })).status,
  ).toBe(200);
  await app.query('UPDATE members SET created_at = ? WHERE id = ?', [
    new Date(Date.now() - joinedDaysAgo * 86_400_000),
    memberId,
  ]);
  const entries = [
    { account: { kind: 'commission_expense' as const }, amountFen: -balanceFen },
    { account: { kind: 'member_available' as const, memberId }, amountFen: balanceFen },
  ];
  await openLedgerAccounts(entries.map((e) => e.account));
  await app.services.sequelize.transaction((t) =>
    postLedger(t, { key: `risk-credit:${memberId}`, kind: 'commission_released', entries }),
  );
  return { token, memberId };
}

const withdraw = async (token: string, amountFen: number, accountNo?: string, deviceId?: string) => {
  const res = await app.http('POST', '/api/withdrawals', {
    token,
    headers: { 'Idempotency-Key': `risk-key-${(seq += 1)}`, ...(deviceId ? { 'X-Device-Id': deviceId } : {}) },
    body: accountNo
      ? { amountFen, channel: 'bank', bank: { bankName: '工商银行', accountName: '李雷', accountNo } }
      : { amountFen, channel: 'wechat' },
  });
  expect(res.status).toBe(201);
  return res.body.withdrawalNo as string;
};
const alertsOf = async (withdrawalNo: string) =>
  (await app.http('GET', `/api/admin/risk-alerts?withdrawalNo=${withdrawalNo}`, { token: finance })).body.items as {
    id: number;
    kind: string;
    status: string;
    detail: Record<string, unknown>;
  }[];
const approve = (withdrawalNo: string) =>
  app.http('POST', `/api/admin/withdrawals/${withdrawalNo}/review`, { token: admin, body: { action: 'approve' } });

test('an ordinary withdrawal raises nothing and is approved', async () => {
  const { token } = await member(5_000);
  const no = await withdraw(token, 1_000);
  expect(await alertsOf(no)).toEqual([]);
  expect((await approve(no)).body.status).toBe('approved');
});

test('a new member’s withdrawal waits until finance resolves the alert with a note (audited)', async () => {
  const { token, memberId } = await member(5_000, 2);
  const no = await withdraw(token, 1_000);
  const [alert] = await alertsOf(no);
  expect(alert).toMatchObject({ kind: 'new_member', status: 'open', detail: { withinDays: 7 } });
  const held = await approve(no);
  expect([held.status, held.body.error.code]).toEqual([409, 'RISK_REVIEW_REQUIRED']);
  // the member sees a withdrawal waiting for review, not why
  const mine = await app.http('GET', `/api/withdrawals/${no}`, { token });
  expect(mine.body.status).toBe('requested');
  expect(JSON.stringify(mine.body)).not.toContain('risk');

  const { token: other } = await app.loginMember(`risk-nosy-${process.pid}`);
  expect((await app.http('GET', '/api/admin/risk-alerts', { token: other })).status).toBe(401);
  const resolve = (note: string) =>
    app.http('POST', `/api/admin/risk-alerts/${alert!.id}/resolve`, { token: finance, body: { note } });
  expect((await resolve('x')).status).toBe(400); // a note says why
  const resolved = await resolve('已电话核实本人操作');
  expect(resolved.body).toMatchObject({
    status: 'resolved',
    note: '已电话核实本人操作',
    resolvedBy: 'admin:risk-finance',
    memberId,
  });
  expect((await resolve('再次确认')).body.note).toBe('已电话核实本人操作'); // resolving again changes nothing
  const audits = await app.query(
    "SELECT action FROM admin_audit_logs WHERE target_type = 'risk_alert' AND target_id = ?",
    [String(alert!.id)],
  );
  expect(audits.map((a) => a.action)).toEqual(['risk.alert.resolve', 'risk.alert.resolve']);
  expect((await approve(no)).body.status).toBe('approved');
});

test('a large amount, and the third withdrawal within a day, raise alerts', async () => {
  const { token } = await member(200_000);
  const large = await withdraw(token, 60_000);
  expect((await alertsOf(large)).map((a) => [a.kind, a.detail])).toEqual([
    ['large_amount', { amountFen: 60_000, thresholdFen: 50_000 }],
  ]);
  const second = await withdraw(token, 500);
  expect(await alertsOf(second)).toEqual([]);
  const third = await withdraw(token, 500);
  expect((await alertsOf(third)).map((a) => [a.kind, a.detail.count])).toEqual([['high_frequency', 3]]);
});

test('a bank card or a phone shared with another member raises an alert naming the member, never the number', async () => {
  const card = '6222020200112233445';
  const first = await member(5_000);
  const second = await member(5_000);
  expect(await alertsOf(await withdraw(first.token, 1_000, card))).toEqual([]);
  const [shared] = await alertsOf(await withdraw(second.token, 1_000, card));
  expect(shared).toMatchObject({
    kind: 'shared_bank_card',
    detail: { accountLast4: '3445', otherMemberIds: [first.memberId] },
  });
  expect(JSON.stringify(shared)).not.toContain(card);

  const address = { receiverName: '李雷', phone: '13912345678', region: '北京市 北京市 朝阳区', detail: '建国路 1 号' };
  const third = await member(5_000);
  const fourth = await member(5_000);
  for (const who of [third, fourth])
    expect((await app.http('POST', '/api/me/addresses', { token: who.token, body: address })).status).toBe(201);
  const [phone] = await alertsOf(await withdraw(fourth.token, 1_000));
  expect(phone).toMatchObject({ kind: 'shared_phone', detail: { otherMemberIds: [third.memberId] } });
  expect(JSON.stringify(phone)).not.toContain('13912345678');
});

test('commission far above the member’s weekly average raises a spike alert', async () => {
  const steady = await member(5_000);
  const spiking = await member(50_000);
  const accrue = (memberId: number, amountFen: number, daysAgo: number, n: number) =>
    app.query(
      `INSERT INTO commissions (order_id, order_no, order_line_id, level, beneficiary_id, buyer_id, product_id, sku_id,
         quantity, line_paid_fen, line_refunded_fen, rule_json, rate_bps, cap_bps, amount_fen, reversed_fen, status,
         accrued_at, created_at, updated_at)
       VALUES (?, ?, ?, 1, ?, 1, 1, 1, 1, ?, 0, '{}', 1000, 3000, ?, 0, 'settled', ?, NOW(3), NOW(3))`,
      [n, `RISK${n}`, 900_000 + n, memberId, amountFen * 10, amountFen, new Date(Date.now() - daysAgo * 86_400_000)],
    );
  // steady: 12,000 a week for twelve weeks, then 15,000 this week; spiking: 1,000 a week, then 40,000
  for (let week = 1; week <= 12; week += 1) {
    await accrue(steady.memberId, 12_000, week * 7 + 1, week);
    await accrue(spiking.memberId, 1_000, week * 7 + 1, 100 + week);
  }
  await accrue(steady.memberId, 15_000, 1, 200);
  await accrue(spiking.memberId, 40_000, 1, 201);
  expect(await alertsOf(await withdraw(steady.token, 1_000))).toEqual([]);
  const [spike] = await alertsOf(await withdraw(spiking.token, 1_000));
  expect(spike).toMatchObject({
    kind: 'commission_spike',
    detail: { last7DaysFen: 40_000, weeklyAverageFen: 1_000, factor: 5 },
  });
  const open = await app.http('GET', '/api/admin/risk-alerts?status=open&kind=commission_spike', { token: finance });
  expect(open.body.items.map((a: { memberId: number }) => a.memberId)).toEqual([spiking.memberId]);
});

test('members who logged in on one device raise a shared-device alert naming the other; the id itself is never stored', async () => {
  const device = randomBytes(16).toString('hex');
  const first = await member(5_000, 30, device);
  const second = await member(5_000, 30, device);
  const no = await withdraw(second.token, 1_000);
  const alerts = await alertsOf(no);
  expect(alerts.map((a) => [a.kind, a.status, a.detail])).toEqual([
    ['shared_device', 'open', { otherMemberIds: [first.memberId] }],
  ]);
  expect(JSON.stringify(alerts)).not.toContain(device);
  const rows = await app.query<{ member_id: number; device_hash: string }>(
    'SELECT member_id, device_hash FROM member_devices WHERE member_id IN (?, ?) ORDER BY member_id',
    [first.memberId, second.memberId],
  );
  expect(rows.map((r) => Number(r.member_id))).toEqual([first.memberId, second.memberId]);
  expect(rows[0]!.device_hash).toMatch(/^[0-9a-f]{64}$/);
  expect(rows[0]!.device_hash).toBe(rows[1]!.device_hash);
  expect(rows[0]!.device_hash).not.toContain(device);

  // another device: nothing; the withdrawal's own sighting of it is one row, however often it is seen
  const other = randomBytes(16).toString('hex');
  const third = await member(5_000, 30, other);
  expect(await alertsOf(await withdraw(third.token, 1_000, undefined, other))).toEqual([]);
  expect(await alertsOf(await withdraw(third.token, 1_000, undefined, other))).toEqual([]);
  const [{ n }] = await app.query<{ n: number }>('SELECT COUNT(*) AS n FROM member_devices WHERE member_id = ?', [
    third.memberId,
  ]);
  expect(Number(n)).toBe(1);
});

test('a malformed or missing X-Device-Id is ignored: no row, no alert', async () => {
  const first = await member(5_000, 30, 'not a device id!');
  const second = await member(5_000, 30, 'short');
  const third = await member(5_000, 30, `x${'a'.repeat(64)}`);
  expect(await alertsOf(await withdraw(second.token, 1_000, undefined, 'not a device id!'))).toEqual([]);
  const rows = await app.query('SELECT member_id FROM member_devices WHERE member_id IN (?, ?, ?)', [
    first.memberId,
    second.memberId,
    third.memberId,
  ]);
  expect(rows).toEqual([]);
});
