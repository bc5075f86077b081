import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * A parcel may carry an exchange's replacement (换货补发): it belongs to the order it replaces goods of, names the
 * after-sales request, and does not count towards shipping the order's lines.
 */
export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  await qi.addColumn('shipments', 'aftersale_no', { type: DataTypes.STRING(32), allowNull: true });
  await qi.addIndex('shipments', ['aftersale_no'], { name: 'shipments_aftersale_no' });
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.removeIndex('shipments', 'shipments_aftersale_no');
  await qi.removeColumn('shipments', 'aftersale_no');
}
