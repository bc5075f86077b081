import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import type { Sequelize } from 'sequelize';
import { createSequelize } from '../src/platform/db/database';
import { createMigrator } from '../src/platform/db/migrate';

/**
 * Databases in the field already hold stock in `skus` and price rules of kind "promotion": the commerce seams
 * migrations must carry that data over, on MariaDB (tests, production) and on SQLite (quickstart).
 */
const BASE_DATABASE_URL = (process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/test').replace(
  /^mariadb:/,
  'mysql:',
);
const BEFORE = '20261125001610-create-messages'; // the last migration before the commerce seams
const NOW = "'2026-11-01 10:00:00.000'";

async function mariadbUrl(): Promise<string> {
  const name = `mall_mig_${process.pid}_${randomBytes(3).toString('hex')}`;
  const root = await mysql.createConnection(BASE_DATABASE_URL);
  await root.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await root.end();
  return BASE_DATABASE_URL.replace(/\/[^/]*$/, `/${name}`);
}

async function dropMariadb(url: string) {
  const root = await mysql.createConnection(BASE_DATABASE_URL);
  await root.query(`DROP DATABASE IF EXISTS \`${url.slice(url.lastIndexOf('/') + 1)}\``);
  await root.end();
}

/** Rows as they were written before the seams: stock columns on skus, a "promotion" rule and order line. */
async function writeOldData(db: Sequelize) {
  await db.query(`INSERT INTO products (id, name, subtitle, cover_url, images_json, description, status, created_at, updated_at)
                  VALUES (1, 'p', '', '/a.png', '[]', '', 'on_sale', ${NOW}, ${NOW})`);
  await db.query(`INSERT INTO skus (id, product_id, specs_json, spec_key, price_fen, stock, reserved, sold,
                    low_stock_threshold, stock_cap, created_at, updated_at)
                  VALUES (7, 1, '{"a":"b"}', 'a:b', 1000, 5, 2, 3, 4, 100, ${NOW}, ${NOW}),
                         (8, 1, '{"a":"c"}', 'a:c', 1200, 0, 0, 0, NULL, NULL, ${NOW}, ${NOW})`);
  await db.query(`INSERT INTO price_rules (kind, product_id, discount_bps, starts_at, ends_at, scope_key, created_at, updated_at)
                  VALUES ('promotion', 1, 2000, ${NOW}, '2026-12-01 10:00:00.000', 'promotion:p1:s*:*:seed', ${NOW}, ${NOW})`);
  await db.query(`INSERT INTO orders (id, order_no, member_id, status, items_fen, payable_fen, address_json, request_id, expires_at, created_at, updated_at)
                  VALUES (1, 'O1', 1, 'paid', 800, 800, '{}', 'r1', ${NOW}, ${NOW}, ${NOW})`);
  await db.query(`INSERT INTO order_lines (order_id, sku_id, product_id, product_name, specs_json, cover_url, unit_price_fen,
                    quantity, line_total_fen, price_source)
                  VALUES (1, 7, 1, 'p', '{}', '/a.png', 800, 1, 800, 'promotion')`);
}

describe.each([
  ['MariaDB', mariadbUrl, dropMariadb],
  [
    'SQLite',
    async () => `sqlite:${path.join(os.tmpdir(), `mall-mig-${process.pid}-${randomBytes(3).toString('hex')}.db`)}`,
    async (url: string) => rmSync(url.slice('sqlite:'.length), { force: true }),
  ],
] as const)('commerce seams migrations on %s', (_dialect, create, drop) => {
  let url: string;
  let db: Sequelize;
  beforeAll(async () => {
    url = await create();
    db = createSequelize(url);
  });
  afterAll(async () => {
    await db.close();
    await drop(url);
  });

  test('stock moves to sku_stocks, "promotion" rules become "special", orders get an empty referrer chain', async () => {
    const migrator = createMigrator(db);
    await migrator.up({ to: BEFORE });
    await writeOldData(db);
    await migrator.up();

    const [stocks] = await db.query('SELECT * FROM sku_stocks ORDER BY sku_id');
    expect(stocks).toMatchObject([
      { sku_id: 7, product_id: 1, stock: 5, reserved: 2, sold: 3, low_stock_threshold: 4, stock_cap: 100 },
      { sku_id: 8, product_id: 1, stock: 0, reserved: 0, sold: 0, low_stock_threshold: null, stock_cap: null },
    ]);
    const [[sku]] = (await db.query('SELECT * FROM skus WHERE id = 7')) as [Record<string, unknown>[], unknown];
    expect(Object.keys(sku).filter((c) => /stock|reserved|sold/.test(c))).toEqual([]);
    expect(sku).toMatchObject({ spec_key: 'a:b', sku_code: null }); // the catalog's columns are untouched
    expect((await db.query('SELECT kind, scope_key FROM price_rules'))[0]).toEqual([
      { kind: 'special', scope_key: 'special:p1:s*:*:seed' },
    ]);
    expect((await db.query('SELECT price_source FROM order_lines'))[0]).toEqual([{ price_source: 'special' }]);
    expect((await db.query('SELECT referrer_chain FROM orders'))[0]).toEqual([{ referrer_chain: '[]' }]);
    // unique indexes of skus survive the dropped columns (SQLite rebuilds would lose them)
    await expect(
      db.query(`INSERT INTO skus (product_id, specs_json, spec_key, price_fen, created_at, updated_at)
                VALUES (1, '{}', 'a:b', 1, ${NOW}, ${NOW})`),
    ).rejects.toThrow();
    if (db.getDialect() === 'mysql') {
      await expect(db.query('UPDATE sku_stocks SET stock = -1 WHERE sku_id = 7')).rejects.toThrow(/constraint/i);
    }
  });

  test('and back down: the figures return to skus', async () => {
    const migrator = createMigrator(db);
    await migrator.down({ to: '20261130004100-sku-stocks' });
    const [skus] = await db.query(
      'SELECT id, stock, reserved, sold, low_stock_threshold, stock_cap FROM skus ORDER BY id',
    );
    expect(skus).toEqual([
      { id: 7, stock: 5, reserved: 2, sold: 3, low_stock_threshold: 4, stock_cap: 100 },
      { id: 8, stock: 0, reserved: 0, sold: 0, low_stock_threshold: null, stock_cap: null },
    ]);
    expect((await db.query('SELECT kind FROM price_rules'))[0]).toEqual([{ kind: 'promotion' }]);
  });
});
