import { idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Member segments (会员画像): a definition (rules as JSON), its membership at the last computation (rewritten
 * whole by each run, in one transaction), and the tags admins put on members for segments to match.
 */
export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  await qi.createTable('segments', {
    id: idColumn,
    name: { type: DataTypes.STRING(32), allowNull: false },
    description: { type: DataTypes.STRING(200), allowNull: false },
    rules_json: { type: DataTypes.TEXT, allowNull: false },
    member_count: { type: DataTypes.INTEGER, allowNull: true },
    computed_at: { type: DataTypes.DATE(3), allowNull: true },
    requested_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestampColumns(),
  });
  await qi.createTable('segment_members', {
    segment_id: { ...refColumn(), primaryKey: true },
    member_id: { ...refColumn(), primaryKey: true },
    computed_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('segment_members', ['member_id']);
  await qi.createTable('member_tags', {
    member_id: { ...refColumn(), primaryKey: true },
    tag: { type: DataTypes.STRING(16), allowNull: false, primaryKey: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('member_tags', ['tag']);
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('member_tags');
  await qi.dropTable('segment_members');
  await qi.dropTable('segments');
}
