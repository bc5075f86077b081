import { idColumn } from '../../db/columns';
import type { MigrationContext } from '../../db/migrate';

/**
 * The transactional outbox: a domain event is a row written in the same transaction as its fact, so a commit
 * can never lose it. relayed_at stays null until the row reached the events queue; the sweep looks for
 * those (relayed_at, occurred_at) and purges old relayed rows (relayed_at).
 */
export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  await qi.createTable('event_outbox', {
    id: idColumn,
    name: { type: DataTypes.STRING(64), allowNull: false },
    event_key: { type: DataTypes.STRING(128), allowNull: false },
    payload: { type: DataTypes.TEXT('medium'), allowNull: false },
    occurred_at: { type: DataTypes.DATE(3), allowNull: false },
    relayed_at: { type: DataTypes.DATE(3), allowNull: true },
    attempts: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false, defaultValue: 0 },
    last_error: { type: DataTypes.STRING(500), allowNull: true },
  });
  // one row per fact: recording it again (a retried use case, a duplicate notify) inserts nothing
  await qi.addIndex('event_outbox', ['name', 'event_key'], { unique: true, name: 'event_outbox_once' });
  await qi.addIndex('event_outbox', ['relayed_at', 'id'], { name: 'event_outbox_relay' });
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('event_outbox');
}
