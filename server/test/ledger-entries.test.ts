import { openLedgerAccounts, postLedger, type Posting } from '../src/modules/ledger';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * 资金明细: GET /api/ledger/entries gives a member the entries of their own accounts, newest first, with the
 * transaction's kind and memo (a withdrawal's number when it has none), one account's with `account`.
 */
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

const post = async (posting: Posting) => {
  await openLedgerAccounts(posting.entries.map((e) => e.account));
  return app.services.sequelize.transaction((t) => postLedger(t, posting));
};

test('a member sees their own movements, newest first, by account; nobody else’s', async () => {
  const me = await app.loginMember('ledger-entries-me');
  const other = await app.loginMember('ledger-entries-other');
  const memberId = me.member.id as number;
  await post({
    key: `accrue:${memberId}`,
    kind: 'commission_accrued',
    memo: 'M20261201000001 L1',
    entries: [
      { account: { kind: 'commission_expense' }, amountFen: -800 },
      { account: { kind: 'member_frozen', memberId }, amountFen: 800 },
    ],
  });
  await post({
    key: `credit:${memberId}`,
    kind: 'statement_confirmed',
    memo: 'ST20261201000000M1',
    entries: [
      { account: { kind: 'commission_expense' }, amountFen: -500 },
      { account: { kind: 'member_available', memberId }, amountFen: 500 },
    ],
  });
  await post({
    key: `withdraw:${memberId}`,
    kind: 'withdrawal_requested',
    subject: { type: 'withdrawal', id: 'W20261201ABCDEFGH' },
    entries: [
      { account: { kind: 'member_available', memberId }, amountFen: -300 },
      { account: { kind: 'payouts_in_transit' }, amountFen: 300 },
    ],
  });

  const all = await app.http('GET', '/api/ledger/entries', { token: me.token });
  expect(all.status).toBe(200);
  expect(all.body.total).toBe(3);
  expect(
    all.body.items.map((e: Record<string, unknown>) => [e.account, e.kind, e.amountFen, e.balanceAfterFen, e.memo]),
  ).toEqual([
    ['available', 'withdrawal_requested', -300, 200, 'W20261201ABCDEFGH'],
    ['available', 'statement_confirmed', 500, 500, 'ST20261201000000M1'],
    ['frozen', 'commission_accrued', 800, 800, 'M20261201000001 L1'],
  ]);

  const frozen = await app.http('GET', '/api/ledger/entries?account=frozen', { token: me.token });
  expect(frozen.body.items.map((e: { kind: string }) => e.kind)).toEqual(['commission_accrued']);
  const paged = await app.http('GET', '/api/ledger/entries?page=2&pageSize=2', { token: me.token });
  expect(paged.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
  expect(paged.body.items).toHaveLength(1);

  expect((await app.http('GET', '/api/ledger/entries', { token: other.token })).body).toMatchObject({
    items: [],
    total: 0,
  });
  const bad = await app.http('GET', '/api/ledger/entries?account=platform', { token: me.token });
  expect(bad.status).toBe(400);
  expect(bad.body.error).toMatchObject({ code: expect.any(String), field: 'account' });
  expect((await app.http('GET', '/api/ledger/entries')).status).toBe(401);
});
