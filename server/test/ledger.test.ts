import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { checkInvariants } from '../src/check-invariants';
import { openLedgerAccounts, postLedger, type Posting } from '../src/modules/ledger';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The money journal on real MariaDB: balanced postings only, member balances never below zero under
 * concurrency, one posting per key however often it is sent, and the invariant queries (`npm run
 * check:invariants`) that find a broken ledger.
 */
let app: TestApp;
let seq = 0;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

const sequelize = () => app.services.sequelize;
/** As callers do: open the accounts, then post inside a database transaction. */
const post = async (posting: Posting) => {
  await openLedgerAccounts(posting.entries.map((e) => e.account));
  return sequelize().transaction((t) => postLedger(t, posting));
};
const balance = async (code: string) =>
  Number((await app.query('SELECT balance_fen FROM ledger_accounts WHERE code = ?', [code]))[0]?.balance_fen ?? 0);
const memberId = () => 1_000 + (seq += 1);

/** Commission released to a member's available balance (from the platform's commission expense). */
const credit = (member: number, amountFen: number, key = `credit:${member}:${(seq += 1)}`) =>
  post({
    key,
    kind: 'commission_released',
    entries: [
      { account: { kind: 'commission_expense' }, amountFen: -amountFen },
      { account: { kind: 'member_available', memberId: member }, amountFen },
    ],
  });

/** A withdrawal request: available money on its way out. */
const withdraw = (member: number, amountFen: number, key: string) =>
  post({
    key,
    kind: 'withdrawal_requested',
    subject: { type: 'withdrawal', id: key },
    entries: [
      { account: { kind: 'member_available', memberId: member }, amountFen: -amountFen },
      { account: { kind: 'payouts_in_transit' }, amountFen },
    ],
  });

test('a balanced posting moves money between accounts created on first use, with running balances', async () => {
  const m = memberId();
  const first = await credit(m, 1_250);
  expect(first.replayed).toBe(false);
  expect(first.balances).toMatchObject({ [`member:${m}:available`]: 1_250 });
  await withdraw(m, 1_000, `w:${m}:1`);
  expect(await balance(`member:${m}:available`)).toBe(250);
  const entries = await app.query(
    `SELECT e.amount_fen, e.balance_after_fen FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
      WHERE a.code = ? ORDER BY e.id`,
    [`member:${m}:available`],
  );
  expect(entries.map((e) => [Number(e.amount_fen), Number(e.balance_after_fen)])).toEqual([
    [1_250, 1_250],
    [-1_000, 250],
  ]);
  expect(await checkInvariants(sequelize())).toEqual([]);
});

test('an unbalanced, empty, zero or fractional posting is refused and writes nothing', async () => {
  const m = memberId();
  const before = await app.query('SELECT COUNT(*) AS n FROM ledger_transactions');
  const member = { kind: 'member_available' as const, memberId: m };
  const bad: Array<Posting['entries']> = [
    [
      { account: { kind: 'commission_expense' }, amountFen: -100 },
      { account: member, amountFen: 99 },
    ],
    [{ account: member, amountFen: 100 }],
    [
      { account: { kind: 'commission_expense' }, amountFen: 0 },
      { account: member, amountFen: 0 },
    ],
    [
      { account: { kind: 'commission_expense' }, amountFen: -0.5 },
      { account: member, amountFen: 0.5 },
    ],
  ];
  for (const entries of bad) {
    await expect(post({ key: `bad:${(seq += 1)}`, kind: 'test', entries })).rejects.toThrow(RangeError);
  }
  expect(await app.query('SELECT COUNT(*) AS n FROM ledger_transactions')).toEqual(before);
  expect(await balance(`member:${m}:available`)).toBe(0);
});

test('50 concurrent withdrawals of X against a balance B succeed floor(B/X) times and never overdraw (20 rounds)', async () => {
  for (let round = 0; round < 20; round += 1) {
    const m = memberId();
    const x = 100 + round * 37;
    const b = x * (round % 7) + ((round * 53) % x); // from 0 to 6 withdrawals' worth, plus change
    if (b > 0) await credit(m, b);
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => withdraw(m, x, `w:${m}:${i}`)));
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    const refused = results.filter(
      (r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'INSUFFICIENT_BALANCE',
    ).length;
    expect({ round, ok, refused }).toEqual({ round, ok: Math.floor(b / x), refused: 50 - Math.floor(b / x) });
    expect(await balance(`member:${m}:available`)).toBe(b - ok * x);
  }
  expect(await checkInvariants(sequelize())).toEqual([]);
}, 180_000);

test('one key sent 20 times at once makes one posting; the same key with other amounts is refused', async () => {
  const m = memberId();
  await credit(m, 10_000);
  const results = await Promise.all(Array.from({ length: 20 }, () => withdraw(m, 3_000, `w:${m}:once`)));
  expect(results.filter((r) => !r.replayed)).toHaveLength(1);
  expect(new Set(results.map((r) => r.transactionId)).size).toBe(1);
  expect(await balance(`member:${m}:available`)).toBe(7_000);
  await expect(withdraw(m, 2_000, `w:${m}:once`)).rejects.toMatchObject({ code: 'LEDGER_KEY_REUSED' });
  expect(await balance(`member:${m}:available`)).toBe(7_000);
});

test('the invariant queries find a tampered ledger, and npm run check:invariants says so', async () => {
  const m = memberId();
  await credit(m, 500);
  const code = `member:${m}:available`;
  const cli = () =>
    spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '../src/check-invariants.ts')], {
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: app.config.databaseUrl, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 120_000,
    });
  const clean = cli();
  expect(clean.stdout).toContain('✔ ledger: every ledger transaction sums to zero');
  expect(clean.status).toBe(0);

  await app.query('UPDATE ledger_accounts SET balance_fen = balance_fen + 1 WHERE code = ?', [code]);
  try {
    const breaches = await checkInvariants(sequelize());
    expect(breaches.map((b) => b.name)).toEqual([
      'every balance equals the sum of its entries',
      'the whole ledger sums to zero',
    ]);
    const broken = cli();
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain('✖ ledger: every balance equals the sum of its entries');
  } finally {
    await app.query('UPDATE ledger_accounts SET balance_fen = balance_fen - 1 WHERE code = ?', [code]);
  }
  expect(await checkInvariants(sequelize())).toEqual([]);
}, 180_000);
