import { randomBytes } from 'node:crypto';
import { DataTypes, QueryTypes, type Model, type ModelStatic, type Sequelize, type Transaction } from 'sequelize';
import { createSequelize, PREPARED_PER_CONNECTION } from '../src/platform/db/database';

const DATABASE_URL = process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/test';
const table = `prepared_probe_${process.pid}_${randomBytes(3).toString('hex')}`;

let db: Sequelize;
let Probe: ModelStatic<Model<{ id: number; value: number }>>;
beforeAll(async () => {
  db = createSequelize(DATABASE_URL);
  Probe = db.define(
    'PreparedProbe',
    { id: { type: DataTypes.INTEGER, primaryKey: true }, value: { type: DataTypes.INTEGER, allowNull: false } },
    { tableName: table, timestamps: false },
  );
  await Probe.sync();
  await Probe.bulkCreate(Array.from({ length: 300 }, (_, id) => ({ id, value: 0 })));
});
afterAll(async () => {
  await Probe.drop();
  await db.close();
});

/** Statements this session has prepared and not closed (the server counts both per session). */
async function openStatements(tx: Transaction) {
  const rows = await db.query<{ Variable_name: string; Value: string }>(
    "SHOW SESSION STATUS WHERE Variable_name IN ('Com_stmt_prepare', 'Com_stmt_close')",
    { transaction: tx, type: QueryTypes.SELECT },
  );
  const of = (name: string) => Number(rows.find((r) => r.Variable_name === name)!.Value);
  return of('Com_stmt_prepare') - of('Com_stmt_close');
}

test('a connection keeps a bounded number of prepared statements however many different updates it sends', async () => {
  // Sequelize binds a single WHERE value but writes a list into the text (`id IN (4, 5)`), so each of these
  // updates is a prepared statement of its own; one transaction keeps them on one connection
  const open = await db.transaction(async (tx) => {
    for (let id = 0; id < 300; id++) {
      await Probe.update({ value: id + 1 }, { where: { id: [id, 1_000 + id] }, transaction: tx });
    }
    return openStatements(tx);
  });
  expect(open).toBeLessThanOrEqual(PREPARED_PER_CONNECTION);
  // and the updates went through
  expect(await Probe.sum('value')).toBe((300 * 301) / 2);
});
