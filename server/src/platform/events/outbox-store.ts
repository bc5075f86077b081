import { DataTypes, Op, literal, type Model, type ModelStatic, type Sequelize, type Transaction } from 'sequelize';
import { idAttribute } from '../db/columns';
import { changeRows, insertRows, insertSql } from '../db/raw-sql';
import type { StatementBatch } from '../db/statement-batch';

/** One stored event: `payload` is the JSON text of the event's payload. */
export interface OutboxRow {
  id: number;
  name: string;
  eventKey: string;
  payload: string;
  occurredAt: Date;
  relayedAt: Date | null;
  attempts: number;
  lastError: string | null;
}
type OutboxCreation = Pick<OutboxRow, 'name' | 'eventKey' | 'payload' | 'occurredAt'>;
type OutboxModel = ModelStatic<Model<OutboxRow, OutboxCreation>>;
const OUTBOX_COLUMNS = ['name', 'event_key', 'payload', 'occurred_at', 'attempts'];

/**
 * The outbox table's reads and writes. The model is defined on the given Sequelize instance (not a module-level
 * class), so two apps in one process (a test that "restarts") never share one binding.
 */
export class OutboxStore {
  private readonly rows: OutboxModel;

  constructor(sequelize: Sequelize) {
    this.rows = sequelize.define<Model<OutboxRow, OutboxCreation>>(
      'EventOutbox',
      {
        id: idAttribute(),
        name: { type: DataTypes.STRING(64), allowNull: false },
        eventKey: { type: DataTypes.STRING(128), allowNull: false },
        payload: { type: DataTypes.TEXT, allowNull: false }, // MEDIUMTEXT on MySQL (migration)
        occurredAt: { type: DataTypes.DATE(3), allowNull: false },
        relayedAt: { type: DataTypes.DATE(3), allowNull: true },
        attempts: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false, defaultValue: 0 },
        lastError: { type: DataTypes.STRING(500), allowNull: true },
      },
      { tableName: 'event_outbox', timestamps: false, underscored: true },
    );
  }

  /**
   * INSERT IGNORE (OR IGNORE on SQLite): the unique (name, event_key) turns a second recording into a no-op.
   * Answers the row as written, or null when it was already there (then the stored row is the one to relay).
   */
  async insert(row: OutboxCreation, tx: Transaction): Promise<OutboxRow | null> {
    const { firstId, affectedRows } = await insertRows(
      this.rows.sequelize!,
      tx,
      'event_outbox',
      OUTBOX_COLUMNS,
      [[row.name, row.eventKey, row.payload, row.occurredAt, 0]],
      { ignore: true },
    );
    return affectedRows === 1 ? { ...row, id: firstId, relayedAt: null, attempts: 0, lastError: null } : null;
  }

  /** insert, queued on a statement batch: answers the row as written (or null) once the batch sent it. */
  async insertInBatch(row: OutboxCreation, batch: StatementBatch): Promise<OutboxRow | null> {
    const header = await batch.add<{ insertId: number; affectedRows: number }>(
      insertSql('event_outbox', OUTBOX_COLUMNS, 1, { ignore: true }),
      [row.name, row.eventKey, row.payload, row.occurredAt, 0],
    );
    return header.affectedRows === 1
      ? { ...row, id: Number(header.insertId), relayedAt: null, attempts: 0, lastError: null }
      : null;
  }

  /**
   * insertInBatch for an event whose key and payload carry ids given earlier in the same batch (kept in user
   * variables such as `@mall_order_id`): the key is the SQL expression `keySql`, and each `[path, expression]` of
   * `ids` is set into the payload text by JSON_SET. Paths and expressions come from the code, never from input.
   * Answers the insert's header (the row's id, or affectedRows 0 when the key was already there).
   */
  insertWithIdsInBatch(
    row: Pick<OutboxRow, 'name' | 'payload' | 'occurredAt'> & {
      keySql: string;
      ids: readonly (readonly [path: string, expression: string])[];
      /** An SQL condition: the row is written only when it holds (an event the batch may or may not raise). */
      when?: string;
    },
    batch: StatementBatch,
  ): Promise<{ insertId: number; affectedRows: number }> {
    const payloadSql = row.ids.length ? `JSON_SET(?${row.ids.map(([, e]) => `, ?, ${e}`).join('')})` : '?';
    const values = [row.name, row.payload, ...row.ids.map(([path]) => path), row.occurredAt, 0];
    if (!row.when) {
      return batch.add(
        insertSql('event_outbox', OUTBOX_COLUMNS, 1, {
          ignore: true,
          expressions: { event_key: row.keySql, payload: payloadSql },
        }),
        values,
      );
    }
    return batch.add(
      `INSERT IGNORE INTO event_outbox (${OUTBOX_COLUMNS.join(', ')}) ` +
        `SELECT ?, ${row.keySql}, ${payloadSql}, ?, ? FROM DUAL WHERE ${row.when}`,
      values,
    );
  }

  async findUnrelayed(name: string, eventKey: string): Promise<OutboxRow | null> {
    const row = await this.rows.findOne({ where: { name, eventKey, relayedAt: null } });
    return row ? row.get({ plain: true }) : null;
  }

  /**
   * Unrelayed rows that occurred before `before`: the ones the after-commit relay missed. The least tried first, then
   * the oldest, so rows that keep failing never hold a batch's places against rows not yet tried.
   */
  async findStale(before: Date, limit: number): Promise<OutboxRow[]> {
    const rows = await this.rows.findAll({
      where: { relayedAt: null, occurredAt: { [Op.lt]: before } },
      order: [
        ['attempts', 'ASC'],
        ['id', 'ASC'],
      ],
      limit,
    });
    return rows.map((r) => r.get({ plain: true }));
  }

  /**
   * Marks rows relayed, in one statement (the after-commit relay marks what it sent together). Idempotent: a row
   * relayed by two processes at once is marked by the first and left alone by the second.
   */
  async markRelayedMany(ids: readonly number[]): Promise<void> {
    if (!ids.length) return;
    // a plain text statement: through the model it would be prepared (a round trip more), and its id list makes
    // nearly every mark a statement of its own
    await changeRows(
      this.rows.sequelize!,
      undefined,
      `UPDATE event_outbox SET relayed_at = ? WHERE id IN (${ids.map(() => '?').join(', ')}) AND relayed_at IS NULL`,
      [new Date(), ...ids],
    );
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.rows.update(
      { attempts: literal('attempts + 1') as unknown as number, lastError: error.slice(0, 500) },
      { where: { id, relayedAt: null } },
    );
  }

  async countUnrelayed(): Promise<number> {
    return this.rows.count({ where: { relayedAt: null } });
  }

  /** Relayed rows older than `before` are history: Bull's job ids and the listeners' own keys dedupe from then on. */
  async purgeRelayed(before: Date, limit: number): Promise<number> {
    return this.rows.destroy({ where: { relayedAt: { [Op.lt]: before } }, limit });
  }
}
