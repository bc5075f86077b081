import { refColumn } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * The devices a member was seen on (issue 11, 资金风控: many members on one device): the mini-program's install id
 * as a keyed HMAC (never the id itself), one row per member and device, first and last seen. The key is the pair:
 * a sighting again only moves `last_seen_at`. The device index answers "who else was on this device".
 */
export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  await qi.createTable('member_devices', {
    member_id: { ...refColumn(), primaryKey: true },
    device_hash: { type: DataTypes.CHAR(64), allowNull: false, primaryKey: true },
    first_seen_at: { type: DataTypes.DATE(3), allowNull: false },
    last_seen_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('member_devices', ['device_hash', 'member_id']);
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('member_devices');
}
