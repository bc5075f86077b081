import { idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  await qi.createTable('admin_users', {
    id: idColumn,
    username: { type: DataTypes.STRING(64), allowNull: false, unique: true },
    password_hash: { type: DataTypes.STRING(255), allowNull: false },
    role: { type: DataTypes.STRING(32), allowNull: false },
    is_disabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    ...timestampColumns(),
  });
  // append-only: who did what, with the state before and after
  await qi.createTable('admin_audit_logs', {
    id: idColumn,
    admin_id: refColumn(),
    admin_username: { type: DataTypes.STRING(64), allowNull: false },
    action: { type: DataTypes.STRING(64), allowNull: false },
    target_type: { type: DataTypes.STRING(40), allowNull: false },
    target_id: { type: DataTypes.STRING(64), allowNull: false },
    before_json: { type: DataTypes.TEXT('medium'), allowNull: true },
    after_json: { type: DataTypes.TEXT('medium'), allowNull: true },
    request_id: { type: DataTypes.STRING(64), allowNull: false },
    ip: { type: DataTypes.STRING(64), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('admin_audit_logs', ['target_type', 'target_id']);
  await qi.addIndex('admin_audit_logs', ['admin_id', 'created_at']);
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('admin_audit_logs');
  await qi.dropTable('admin_users');
}
