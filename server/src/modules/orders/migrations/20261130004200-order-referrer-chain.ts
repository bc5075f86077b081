import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Each order freezes its buyer's referrers (nearest first, at most 2) as they were when it was placed, so
 * a later rebinding never moves an order's commissions or team figures. JSON text of member ids, e.g.
 * "[9,5]"; orders placed before this column answer "[]" (their chain was not recorded).
 */
export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  await qi.addColumn('orders', 'referrer_chain', { type: DataTypes.STRING(64), allowNull: false, defaultValue: '[]' });
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.removeColumn('orders', 'referrer_chain');
}
