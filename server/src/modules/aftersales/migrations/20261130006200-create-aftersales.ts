import { idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/** After-sales requests (one order line each) and their log: who moved a request where, when and why. */
export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  await qi.createTable('aftersale_requests', {
    id: idColumn,
    aftersale_no: { type: DataTypes.STRING(32), allowNull: false, unique: true },
    order_no: { type: DataTypes.STRING(32), allowNull: false },
    order_id: refColumn(),
    order_line_id: refColumn(),
    member_id: refColumn(),
    sku_id: refColumn(),
    product_name: { type: DataTypes.STRING(120), allowNull: false },
    kind: { type: DataTypes.STRING(16), allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    quantity: { type: DataTypes.INTEGER, allowNull: false },
    refund_fen: { type: DataTypes.BIGINT, allowNull: false },
    reason: { type: DataTypes.STRING(24), allowNull: false },
    description: { type: DataTypes.STRING(500), allowNull: false, defaultValue: '' },
    photos_json: { type: DataTypes.TEXT, allowNull: false },
    handler: { type: DataTypes.STRING(64), allowNull: true },
    reject_reason: { type: DataTypes.STRING(200), allowNull: true },
    return_carrier: { type: DataTypes.STRING(32), allowNull: true },
    return_tracking_no: { type: DataTypes.STRING(40), allowNull: true },
    reship_carrier: { type: DataTypes.STRING(32), allowNull: true },
    reship_tracking_no: { type: DataTypes.STRING(40), allowNull: true },
    refund_no: { type: DataTypes.STRING(40), allowNull: true, unique: true },
    ...timestampColumns(),
  });
  await qi.addIndex('aftersale_requests', ['member_id', 'id']);
  await qi.addIndex('aftersale_requests', ['order_line_id']);
  await qi.addIndex('aftersale_requests', ['status', 'id']);

  await qi.createTable('aftersale_logs', {
    id: idColumn,
    request_id: refColumn(),
    from_status: { type: DataTypes.STRING(16), allowNull: true },
    to_status: { type: DataTypes.STRING(16), allowNull: false },
    actor: { type: DataTypes.STRING(64), allowNull: false },
    note: { type: DataTypes.STRING(200), allowNull: false, defaultValue: '' },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('aftersale_logs', ['request_id', 'id']);
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('aftersale_logs');
  await qi.dropTable('aftersale_requests');
}
