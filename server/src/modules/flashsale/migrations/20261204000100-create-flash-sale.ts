import { addCheck, fenColumn, idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Flash sale (秒杀): sessions in time slots, their items (flash price, flash stock, per-member limit, units sold),
 * and the grabs the flash queue turned into orders or failures. Redis holds the live counters; these rows are the
 * truth they are rebuilt from: `sold` counts the units of orders not cancelled, and the database refuses to sell
 * more than the stock.
 */
export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  const count = () => ({ type: DataTypes.INTEGER.UNSIGNED, allowNull: false });
  await qi.createTable('flash_sessions', {
    id: idColumn,
    name: { type: DataTypes.STRING(60), allowNull: false },
    starts_at: { type: DataTypes.DATE(3), allowNull: false },
    ends_at: { type: DataTypes.DATE(3), allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    ...timestampColumns(),
  });
  await qi.addIndex('flash_sessions', ['status', 'ends_at']);

  await qi.createTable('flash_items', {
    id: idColumn,
    session_id: refColumn(),
    sku_id: refColumn(),
    product_id: refColumn(),
    flash_price_fen: fenColumn(),
    stock: count(),
    per_member_limit: count(),
    sold: { ...count(), defaultValue: 0 },
    sold_out_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestampColumns(),
  });
  await qi.addIndex('flash_items', ['session_id', 'sku_id'], { unique: true, name: 'flash_items_session_sku' });
  await addCheck(qi, sequelize, 'flash_items', 'flash_items_sold_within_stock', 'sold <= stock');

  await qi.createTable('flash_grabs', {
    id: idColumn,
    ticket: { type: DataTypes.STRING(34), allowNull: false },
    session_id: refColumn(),
    item_id: refColumn(),
    member_id: refColumn(),
    quantity: count(),
    status: { type: DataTypes.STRING(16), allowNull: false },
    order_no: { type: DataTypes.STRING(32), allowNull: true },
    fail_code: { type: DataTypes.STRING(64), allowNull: true },
    paid_fen: { type: DataTypes.BIGINT, allowNull: true },
    paid_at: { type: DataTypes.DATE(3), allowNull: true },
    released_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestampColumns(),
  });
  await qi.addIndex('flash_grabs', ['ticket'], { unique: true, name: 'flash_grabs_ticket' });
  await qi.addIndex('flash_grabs', ['order_no'], { unique: true, name: 'flash_grabs_order_no' });
  await qi.addIndex('flash_grabs', ['item_id', 'member_id']);
  await qi.addIndex('flash_grabs', ['session_id']);
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('flash_grabs');
  await qi.dropTable('flash_items');
  await qi.dropTable('flash_sessions');
}
