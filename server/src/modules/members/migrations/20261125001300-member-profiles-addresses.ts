import { idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Personal data sits beside the member, in its own table: real name, the bound phone, and the ID number only as
 * ciphertext + keyed hash + mask (never in clear). Addresses with exactly one default per member; on MySQL a
 * stored generated column makes a second default impossible even for a buggy writer.
 */
export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  await qi.createTable('member_profiles', {
    member_id: { type: DataTypes.INTEGER.UNSIGNED, primaryKey: true, allowNull: false },
    real_name: { type: DataTypes.STRING(40), allowNull: true },
    phone: { type: DataTypes.STRING(20), allowNull: true, unique: true },
    phone_country_code: { type: DataTypes.STRING(4), allowNull: true },
    phone_bound_at: { type: DataTypes.DATE(3), allowNull: true },
    id_number_cipher: { type: DataTypes.STRING(160), allowNull: true },
    id_number_hash: { type: DataTypes.CHAR(64), allowNull: true, unique: true },
    id_number_masked: { type: DataTypes.STRING(24), allowNull: true },
    ...timestampColumns(),
  });
  await qi.createTable('member_addresses', {
    id: idColumn,
    member_id: refColumn(),
    receiver_name: { type: DataTypes.STRING(40), allowNull: false },
    phone: { type: DataTypes.STRING(20), allowNull: false },
    region: { type: DataTypes.STRING(100), allowNull: false },
    detail: { type: DataTypes.STRING(200), allowNull: false },
    is_default: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    ...timestampColumns(),
  });
  await qi.addIndex('member_addresses', ['member_id']);
  if (sequelize.getDialect() === 'mysql') {
    await sequelize.query(
      'ALTER TABLE `member_addresses` ADD COLUMN `default_owner_id` INT UNSIGNED AS (IF(`is_default`, `member_id`, NULL)) STORED, ' +
        'ADD UNIQUE KEY `uq_member_addresses_one_default` (`default_owner_id`)',
    );
  }
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('member_addresses');
  await qi.dropTable('member_profiles');
}
