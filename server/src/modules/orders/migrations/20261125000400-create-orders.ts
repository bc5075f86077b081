import { addCheck, fenColumn, idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  await qi.createTable('orders', {
    id: idColumn,
    order_no: { type: DataTypes.STRING(32), allowNull: false, unique: true },
    member_id: refColumn(),
    status: { type: DataTypes.STRING(24), allowNull: false },
    items_fen: fenColumn(),
    shipping_fen: fenColumn(0),
    payable_fen: fenColumn(),
    paid_fen: fenColumn(0),
    address_json: { type: DataTypes.TEXT, allowNull: false },
    remark: { type: DataTypes.STRING(200), allowNull: false, defaultValue: '' },
    request_id: { type: DataTypes.STRING(64), allowNull: false },
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
    paid_at: { type: DataTypes.DATE(3), allowNull: true },
    cancelled_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestampColumns(),
  });
  // the client's request id makes placing an order idempotent per member
  await qi.addIndex('orders', ['member_id', 'request_id'], { unique: true });
  await qi.addIndex('orders', ['member_id', 'id']);
  await qi.addIndex('orders', ['status', 'expires_at']);
  await addCheck(
    qi,
    sequelize,
    'orders',
    'orders_amounts_valid',
    'payable_fen >= 0 AND paid_fen >= 0 AND paid_fen <= payable_fen',
  );

  await qi.createTable('order_lines', {
    id: idColumn,
    order_id: refColumn(),
    sku_id: refColumn(),
    product_id: refColumn(),
    product_name: { type: DataTypes.STRING(120), allowNull: false },
    specs_json: { type: DataTypes.STRING(500), allowNull: false },
    cover_url: { type: DataTypes.STRING(500), allowNull: false },
    unit_price_fen: fenColumn(),
    quantity: { type: DataTypes.INTEGER, allowNull: false },
    line_total_fen: fenColumn(),
  });
  await qi.addIndex('order_lines', ['order_id']);
  await addCheck(qi, sequelize, 'order_lines', 'order_lines_quantity_positive', 'quantity > 0');

  // every status change of an order, with who or what made it
  await qi.createTable('order_events', {
    id: idColumn,
    order_id: refColumn(),
    from_status: { type: DataTypes.STRING(24), allowNull: true },
    to_status: { type: DataTypes.STRING(24), allowNull: false },
    actor: { type: DataTypes.STRING(64), allowNull: false },
    reason: { type: DataTypes.STRING(200), allowNull: false, defaultValue: '' },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('order_events', ['order_id']);
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('order_events');
  await qi.dropTable('order_lines');
  await qi.dropTable('orders');
}
