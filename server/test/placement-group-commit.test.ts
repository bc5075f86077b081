import { UniqueConstraintError } from 'sequelize';
import { sharedBatchTotals, withSharedStatementBatch, type StatementBatch } from '../src/platform/db/statement-batch';
import { ADDRESS, createProduct } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

// Group commit (platform/db/statement-batch.ts withSharedStatementBatch): the common placement texts committed in
// the same event-loop turn go to MariaDB as one transaction in one round trip. Each work keeps its own results and
// after-commit hooks; a shared text that fails is rolled back and each of its works runs again alone, where it
// meets its own answer. First the mechanism on a scratch table, then placements through the API.

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ RATE_LIMIT_ORDERS_PER_MINUTE: '5000', RATE_LIMIT_LOGIN_PER_MINUTE: '5000' });
  await app.query('CREATE TABLE group_probe (id INT AUTO_INCREMENT PRIMARY KEY, tag VARCHAR(32) NOT NULL UNIQUE)');
});
afterAll(() => app.stop());

const sequelize = () => app.services.sequelize;
const totals = () => ({ ...sharedBatchTotals });

/** A work that inserts one probe row (and, with `flushFirst`, sends it before its commit) and notes its hook. */
function probeWork(tag: string, hooks: string[], flushFirst = false) {
  return async (batch: StatementBatch) => {
    const inserted = batch.add<{ insertId: number }>('INSERT INTO group_probe (tag) VALUES (?)', [tag]);
    batch.afterCommit(() => hooks.push(tag));
    if (flushFirst) await batch.flush();
    await Promise.all([inserted, batch.commit()]);
    return (await inserted).insertId;
  };
}

const probeRows = async (tags: string[]) =>
  app.query<{ id: number; tag: string }>('SELECT id, tag FROM group_probe WHERE tag IN (?) ORDER BY id', [tags]);

test('works committed in the same turn share one transaction; each gets its own insert id and runs its hooks once', async () => {
  const before = totals();
  const hooks: string[] = [];
  const tags = ['share-a', 'share-b', 'share-c', 'share-d', 'share-e'];
  // all five start in this turn: their statements go in one text
  const ids = await Promise.all(tags.map((tag) => withSharedStatementBatch(sequelize(), probeWork(tag, hooks))));
  expect(totals()).toEqual({ texts: before.texts + 1, works: before.works + 5, ranAlone: before.ranAlone });
  const rows = await probeRows(tags);
  expect(rows.map((r) => [r.id, r.tag])).toEqual(tags.map((tag, i) => [ids[i], tag]));
  expect(hooks.sort()).toEqual([...tags].sort());
});

test('a shared text that fails is rolled back; its other works run again alone and commit, the failing one fails', async () => {
  await app.query("INSERT INTO group_probe (tag) VALUES ('taken')");
  const before = totals();
  const hooks: string[] = [];
  const tags = ['alone-a', 'taken', 'alone-b', 'alone-c'];
  const outcomes = await Promise.allSettled(
    tags.map((tag) => withSharedStatementBatch(sequelize(), probeWork(tag, hooks))),
  );
  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
  expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(UniqueConstraintError);
  const after = totals();
  expect(after.texts - before.texts).toBe(1);
  expect(after.ranAlone - before.ranAlone).toBe(4);
  // exactly one row each, written by the works run alone (nothing of the shared text stayed)
  expect((await probeRows(tags)).map((r) => r.tag).sort()).toEqual(['alone-a', 'alone-b', 'alone-c', 'taken']);
  expect(hooks.sort()).toEqual(['alone-a', 'alone-b', 'alone-c']);
});

test('a work alone in its text gets its failure as is; a work that flushes before its commit runs alone', async () => {
  const before = totals();
  await expect(withSharedStatementBatch(sequelize(), probeWork('taken', []))).rejects.toBeInstanceOf(
    UniqueConstraintError,
  );
  expect(totals().ranAlone).toBe(before.ranAlone);
  const hooks: string[] = [];
  const id = await withSharedStatementBatch(sequelize(), probeWork('flushes-first', hooks, true));
  expect(await probeRows(['flushes-first'])).toEqual([{ id, tag: 'flushes-first' }]);
  expect(hooks).toEqual(['flushes-first']);
  expect(totals().ranAlone).toBe(before.ranAlone + 1);
});

let requests = 0;
const place = (token: string, items: { skuId: number; quantity: number }[]) =>
  app.http('POST', '/api/orders', {
    token,
    body: { items, address: ADDRESS, requestId: `group-${process.pid}-${requests++}` },
  });

test('a crowd over a scarce SKU and plenty ones: exactly the stock is sold, every other order placed, ledger exact', async () => {
  const scarce = await createProduct(app, { stock: 5 });
  const plenty = await createProduct(app, { stock: 100 });
  const other = await createProduct(app, { stock: 100 });
  const [scarceSku, plentySku, otherSku] = [scarce, plenty, other].map((p) => p.skus[0].id as number);
  const buyers = await Promise.all(Array.from({ length: 36 }, (_, i) => app.loginMember(`group-crowd-${i}`)));
  // a third want the scarce SKU, a third one plenty SKU, a third both others in the opposite SKU order
  const wants = buyers.map((_, i) =>
    i % 3 === 0
      ? [{ skuId: scarceSku, quantity: 1 }]
      : i % 3 === 1
        ? [{ skuId: plentySku, quantity: 2 }]
        : [
            { skuId: otherSku, quantity: 1 },
            { skuId: plentySku, quantity: 1 },
          ],
  );
  const answers = await Promise.all(buyers.map((b, i) => place(b.token, wants[i]!)));
  const scarceAnswers = answers.filter((_, i) => i % 3 === 0);
  expect(scarceAnswers.filter((a) => a.status === 201)).toHaveLength(5);
  for (const refused of scarceAnswers.filter((a) => a.status !== 201)) {
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('OUT_OF_STOCK');
  }
  expect(answers.filter((_, i) => i % 3 !== 0).map((a) => a.status)).toEqual(Array(24).fill(201));

  const stock = await app.query<{ sku_id: number; stock: number; reserved: number }>(
    'SELECT sku_id, stock, reserved FROM sku_stocks WHERE sku_id IN (?) ORDER BY sku_id',
    [[scarceSku, plentySku, otherSku]],
  );
  expect(stock).toEqual([
    { sku_id: scarceSku, stock: 0, reserved: 5 },
    { sku_id: plentySku, stock: 100 - 12 * 2 - 12, reserved: 36 },
    { sku_id: otherSku, stock: 88, reserved: 12 },
  ]);
  // one reservation a placed line, the balances a gapless run, each order with its lines and first event
  for (const [skuId, sold] of [
    [scarceSku, 5],
    [plentySku, 36],
    [otherSku, 12],
  ] as const) {
    const ledger = await app.query<{ quantity: number; balance_after: number; reserved_after: number }>(
      "SELECT quantity, balance_after, reserved_after FROM stock_ledger WHERE sku_id = ? AND kind = 'reserve' ORDER BY id",
      [skuId],
    );
    expect(ledger.reduce((sum, l) => sum - l.quantity, 0)).toBe(sold);
    expect(ledger.at(-1)).toMatchObject({ reserved_after: sold });
  }
  const placed = answers.filter((a) => a.status === 201).map((a) => a.body.orderNo as string);
  expect(placed).toHaveLength(29);
  const orders = await app.query<{ order_no: string; line_count: number; events: number }>(
    'SELECT o.order_no, (SELECT COUNT(*) FROM order_lines l WHERE l.order_id = o.id) AS line_count, ' +
      '(SELECT COUNT(*) FROM order_events e WHERE e.order_id = o.id) AS events FROM orders o WHERE o.order_no IN (?)',
    [placed],
  );
  expect(orders).toHaveLength(29);
  for (const o of orders) expect(o.events).toBe(1);
  expect(orders.reduce((sum, o) => sum + Number(o.line_count), 0)).toBe(5 + 12 + 24);
});
