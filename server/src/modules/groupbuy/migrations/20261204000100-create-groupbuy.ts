import { addCheck, fenColumn, idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Group-buy (拼团, issue 12). A campaign sells some SKUs of one product at group prices; a group is started by a
 * leader's order and joined by others' orders; one groupbuy_members row per order in a group. paid_count counts the
 * payments that took a place: it only grows by a conditional update (paid_count < group_size), and the CHECK has
 * the last word, so a group never holds more paid members than its size. groupbuy_quotas is the per-member,
 * per-campaign unit counter the per-member limit is checked against by a conditional update.
 */
export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  await qi.createTable('groupbuy_campaigns', {
    id: idColumn,
    name: { type: DataTypes.STRING(60), allowNull: false },
    product_id: refColumn(),
    status: { type: DataTypes.STRING(16), allowNull: false },
    group_size: { type: DataTypes.INTEGER, allowNull: false },
    time_limit_seconds: { type: DataTypes.INTEGER, allowNull: false },
    per_member_limit: { type: DataTypes.INTEGER, allowNull: false },
    allow_fewer: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
    starts_at: { type: DataTypes.DATE(3), allowNull: false },
    ends_at: { type: DataTypes.DATE(3), allowNull: false },
    ...timestampColumns(),
  });
  await qi.addIndex('groupbuy_campaigns', ['status', 'ends_at']);
  await addCheck(
    qi,
    sequelize,
    'groupbuy_campaigns',
    'groupbuy_campaigns_valid',
    'group_size >= 2 AND time_limit_seconds > 0 AND per_member_limit > 0 AND ends_at > starts_at',
  );

  await qi.createTable('groupbuy_campaign_skus', {
    id: idColumn,
    campaign_id: refColumn(),
    sku_id: refColumn(),
    group_price_fen: fenColumn(),
  });
  await qi.addIndex('groupbuy_campaign_skus', ['campaign_id', 'sku_id'], { unique: true });
  await addCheck(qi, sequelize, 'groupbuy_campaign_skus', 'groupbuy_price_positive', 'group_price_fen > 0');

  await qi.createTable('groupbuy_groups', {
    id: idColumn,
    campaign_id: refColumn(),
    leader_member_id: refColumn(),
    status: { type: DataTypes.STRING(16), allowNull: false },
    /** Copied from the campaign when the group opens: a later edit never changes a running group. */
    group_size: { type: DataTypes.INTEGER, allowNull: false },
    time_limit_seconds: { type: DataTypes.INTEGER, allowNull: false },
    allow_fewer: { type: DataTypes.BOOLEAN, allowNull: false },
    paid_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    expires_at: { type: DataTypes.DATE(3), allowNull: true },
    completed_at: { type: DataTypes.DATE(3), allowNull: true },
    closed_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestampColumns(),
  });
  await qi.addIndex('groupbuy_groups', ['campaign_id', 'status']);
  await qi.addIndex('groupbuy_groups', ['status', 'expires_at']);
  await addCheck(
    qi,
    sequelize,
    'groupbuy_groups',
    'groupbuy_groups_paid_count',
    'paid_count >= 0 AND paid_count <= group_size',
  );

  await qi.createTable('groupbuy_members', {
    id: idColumn,
    group_id: refColumn(),
    campaign_id: refColumn(),
    member_id: refColumn(),
    order_id: refColumn(),
    order_no: { type: DataTypes.STRING(32), allowNull: false },
    is_leader: { type: DataTypes.BOOLEAN, allowNull: false },
    quantity: { type: DataTypes.INTEGER, allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    paid_fen: fenColumn(0),
    paid_at: { type: DataTypes.DATE(3), allowNull: true },
    refund_no: { type: DataTypes.STRING(40), allowNull: true },
    ...timestampColumns(),
  });
  await qi.addIndex('groupbuy_members', ['order_id'], { unique: true });
  await qi.addIndex('groupbuy_members', ['group_id', 'status']);
  await qi.addIndex('groupbuy_members', ['member_id', 'id']);
  await qi.addIndex('groupbuy_members', ['refund_no']);

  await qi.createTable('groupbuy_quotas', {
    campaign_id: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false, primaryKey: true },
    member_id: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false, primaryKey: true },
    units: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
  });
  await addCheck(qi, sequelize, 'groupbuy_quotas', 'groupbuy_quotas_units', 'units >= 0');
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('groupbuy_quotas');
  await qi.dropTable('groupbuy_members');
  await qi.dropTable('groupbuy_groups');
  await qi.dropTable('groupbuy_campaign_skus');
  await qi.dropTable('groupbuy_campaigns');
}
