import { addCheck, fenColumn, idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Discount activities (限时折扣) and 满减 in one table, told apart by kind: both are time-boxed, scoped to a product
 * set and optionally gated by a level's exclusive-activity code. promotion_orders is the effect record: one row
 * per (activity, order) it took something off, written in the placement transaction and moved by the order's
 * events; promotion_order_refunds keeps each refund once (unique per refund number).
 */
export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  await qi.createTable('promotion_activities', {
    id: idColumn,
    kind: { type: DataTypes.STRING(16), allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    name: { type: DataTypes.STRING(32), allowNull: false },
    starts_at: { type: DataTypes.DATE(3), allowNull: false },
    ends_at: { type: DataTypes.DATE(3), allowNull: false },
    product_ids: { type: DataTypes.TEXT, allowNull: false },
    category_ids: { type: DataTypes.TEXT, allowNull: false },
    level_activity_code: { type: DataTypes.STRING(32), allowNull: true },
    discount_bps: { type: DataTypes.INTEGER, allowNull: true },
    activity_price_fen: { type: DataTypes.BIGINT, allowNull: true },
    tiers_json: { type: DataTypes.TEXT, allowNull: false },
    ...timestampColumns(),
  });
  await qi.addIndex('promotion_activities', ['status', 'ends_at']);
  await addCheck(
    qi,
    sequelize,
    'promotion_activities',
    'promotion_activities_valid',
    "ends_at > starts_at AND (kind <> 'discount' OR (discount_bps IS NULL) <> (activity_price_fen IS NULL))" +
      ' AND (discount_bps IS NULL OR discount_bps BETWEEN 1 AND 9999) AND (activity_price_fen IS NULL OR activity_price_fen > 0)',
  );

  await qi.createTable('promotion_orders', {
    id: idColumn,
    promotion_id: refColumn(),
    order_id: refColumn(),
    order_no: { type: DataTypes.STRING(32), allowNull: false },
    member_id: refColumn(),
    status: { type: DataTypes.STRING(16), allowNull: false },
    /** What the activity's lines cost before it, and what it took off them. */
    items_fen: fenColumn(),
    discount_fen: fenColumn(),
    /** The paid share of the activity's lines (order.paid). */
    paid_fen: fenColumn(0),
    sku_ids: { type: DataTypes.STRING(1000), allowNull: false },
    ...timestampColumns(),
  });
  await qi.addIndex('promotion_orders', ['promotion_id', 'order_id'], { unique: true });
  await qi.addIndex('promotion_orders', ['order_id']);
  await addCheck(qi, sequelize, 'promotion_orders', 'promotion_orders_amounts', 'discount_fen > 0 AND paid_fen >= 0');

  await qi.createTable('promotion_order_refunds', {
    id: idColumn,
    promotion_order_id: refColumn(),
    refund_no: { type: DataTypes.STRING(40), allowNull: false },
    refund_fen: fenColumn(),
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('promotion_order_refunds', ['promotion_order_id', 'refund_no'], { unique: true });
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('promotion_order_refunds');
  await qi.dropTable('promotion_orders');
  await qi.dropTable('promotion_activities');
}
