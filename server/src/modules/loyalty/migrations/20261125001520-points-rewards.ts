import { addCheck, idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/** Rewards members exchange points for (积分兑换), and the exchanges, keyed by the member's requestId. */
export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  await qi.createTable('points_rewards', {
    id: idColumn,
    name: { type: DataTypes.STRING(60), allowNull: false },
    image_url: { type: DataTypes.STRING(500), allowNull: true },
    points_cost: { type: DataTypes.INTEGER, allowNull: false },
    stock: { type: DataTypes.INTEGER, allowNull: false },
    is_active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    ...timestampColumns(),
  });
  await addCheck(qi, sequelize, 'points_rewards', 'points_rewards_sane', 'points_cost > 0 AND stock >= 0');
  await qi.createTable('points_exchanges', {
    id: idColumn,
    member_id: refColumn(),
    reward_id: refColumn(),
    request_id: { type: DataTypes.STRING(64), allowNull: false },
    points: { type: DataTypes.INTEGER, allowNull: false },
    status: { type: DataTypes.STRING(12), allowNull: false },
    ...timestampColumns(),
  });
  await qi.addIndex('points_exchanges', ['member_id', 'request_id'], { unique: true });
  await qi.addIndex('points_exchanges', ['member_id', 'id']);
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('points_exchanges');
  await qi.dropTable('points_rewards');
}
