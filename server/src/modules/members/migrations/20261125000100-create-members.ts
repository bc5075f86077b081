import { idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  await qi.createTable('members', {
    id: idColumn,
    openid: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    unionid: { type: DataTypes.STRING(64), allowNull: true },
    nickname: { type: DataTypes.STRING(64), allowNull: false },
    avatar_url: { type: DataTypes.STRING(500), allowNull: true },
    invite_code: { type: DataTypes.STRING(16), allowNull: false, unique: true },
    referrer_id: refColumn(true),
    level_name: { type: DataTypes.STRING(32), allowNull: false, defaultValue: '普通' },
    ...timestampColumns(),
  });
  await qi.addIndex('members', ['referrer_id']);
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('members');
}
