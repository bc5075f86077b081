import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * An order may be refunded in parts (after-sales per line): each refund is its own spend entry, keyed by the
 * refund number in `ref` ('' for the order's payment and for a whole-order refund), unique with order and kind.
 */
export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  await qi.addColumn('member_spend_entries', 'ref', { type: DataTypes.STRING(40), allowNull: false, defaultValue: '' });
  await qi.addIndex('member_spend_entries', ['order_id', 'kind', 'ref'], {
    unique: true,
    name: 'member_spend_entries_order_kind_ref',
  });
  await qi.removeIndex('member_spend_entries', ['order_id', 'kind']);
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.sequelize.query("DELETE FROM member_spend_entries WHERE ref <> ''");
  await qi.addIndex('member_spend_entries', ['order_id', 'kind'], { unique: true });
  await qi.removeIndex('member_spend_entries', 'member_spend_entries_order_kind_ref');
  await qi.removeColumn('member_spend_entries', 'ref');
}
