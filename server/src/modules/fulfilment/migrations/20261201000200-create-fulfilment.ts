import { idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Fulfilment owns parcels (shipments, what each carries), their tracking timeline, the WeChat shipping-information
 * upload of each order, and the warehouse hand-off of each paid order.
 */
export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  await qi.createTable('shipments', {
    id: idColumn,
    order_id: refColumn(),
    order_no: { type: DataTypes.STRING(32), allowNull: false },
    member_id: refColumn(),
    carrier_code: { type: DataTypes.STRING(20), allowNull: false },
    tracking_no: { type: DataTypes.STRING(32), allowNull: false },
    status: { type: DataTypes.STRING(20), allowNull: false },
    /** The receiver's phone masked (138****8000): SF wants its last 4 digits for tracking and WeChat for contact. */
    receiver_phone_masked: { type: DataTypes.STRING(16), allowNull: false, defaultValue: '' },
    shipped_by: { type: DataTypes.STRING(64), allowNull: false },
    shipped_at: { type: DataTypes.DATE(3), allowNull: false },
    delivered_at: { type: DataTypes.DATE(3), allowNull: true },
    poll_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    last_polled_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestampColumns(),
  });
  // one parcel number belongs to one order: the same number twice is the same parcel (a retried ship)
  await qi.addIndex('shipments', ['carrier_code', 'tracking_no'], { unique: true });
  await qi.addIndex('shipments', ['order_id']);
  await qi.addIndex('shipments', ['status']);

  await qi.createTable('shipment_lines', {
    id: idColumn,
    shipment_id: refColumn(),
    order_id: refColumn(),
    order_line_id: refColumn(),
    product_name: { type: DataTypes.STRING(120), allowNull: false },
    quantity: { type: DataTypes.INTEGER, allowNull: false },
  });
  await qi.addIndex('shipment_lines', ['shipment_id', 'order_line_id'], { unique: true });
  await qi.addIndex('shipment_lines', ['order_id']);

  await qi.createTable('tracking_events', {
    id: idColumn,
    shipment_id: refColumn(),
    event_time: { type: DataTypes.DATE(3), allowNull: false },
    context: { type: DataTypes.STRING(500), allowNull: false },
    /** sha1 of the context: the dedupe key is (shipment, time, context), and a hash keeps the index short. */
    context_hash: { type: DataTypes.CHAR(40), allowNull: false },
    location: { type: DataTypes.STRING(100), allowNull: true },
    status: { type: DataTypes.STRING(20), allowNull: true },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('tracking_events', ['shipment_id', 'event_time', 'context_hash'], { unique: true });

  await qi.createTable('shipping_uploads', {
    id: idColumn,
    order_id: { ...refColumn(), unique: true },
    order_no: { type: DataTypes.STRING(32), allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    /** The upload_shipping_info body without upload_time (set at each attempt). */
    request_json: { type: DataTypes.TEXT, allowNull: false },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    last_error: { type: DataTypes.STRING(300), allowNull: true },
    uploaded_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestampColumns(),
  });

  await qi.createTable('warehouse_handoffs', {
    id: idColumn,
    order_id: { ...refColumn(), unique: true },
    order_no: { type: DataTypes.STRING(32), allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    last_error: { type: DataTypes.STRING(300), allowNull: true },
    sent_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestampColumns(),
  });
}

export async function down({ queryInterface: qi }: MigrationContext) {
  for (const t of ['warehouse_handoffs', 'shipping_uploads', 'tracking_events', 'shipment_lines', 'shipments'])
    await qi.dropTable(t);
}
