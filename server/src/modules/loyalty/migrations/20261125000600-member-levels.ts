import { idColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/** Levels become rows (the ladder is configurable); a member points at one by its code. */
export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  await qi.createTable('member_levels', {
    id: idColumn,
    code: { type: DataTypes.STRING(16), allowNull: false, unique: true },
    name: { type: DataTypes.STRING(32), allowNull: false },
    rank: { type: DataTypes.INTEGER, allowNull: false, unique: true },
    discount_bps: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    points_multiplier_bps: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 10_000 },
    ...timestampColumns(),
  });
  const now = new Date();
  await qi.bulkInsert(
    'member_levels',
    [
      { code: 'normal', name: '普通', rank: 0, discount_bps: 0, points_multiplier_bps: 10_000 },
      { code: 'silver', name: '银卡', rank: 1, discount_bps: 300, points_multiplier_bps: 12_000 },
      { code: 'gold', name: '金卡', rank: 2, discount_bps: 500, points_multiplier_bps: 15_000 },
      { code: 'diamond', name: '钻石', rank: 3, discount_bps: 800, points_multiplier_bps: 20_000 },
    ].map((l) => ({ ...l, created_at: now, updated_at: now })),
  );
  await qi.addColumn('members', 'level_code', { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'normal' });
  await qi.removeColumn('members', 'level_name');
}

export async function down({ queryInterface: qi, DataTypes }: MigrationContext) {
  await qi.addColumn('members', 'level_name', { type: DataTypes.STRING(32), allowNull: false, defaultValue: '普通' });
  await qi.removeColumn('members', 'level_code');
  await qi.dropTable('member_levels');
}
