import { addCheck, fenColumn, idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * A member's cart: one line per SKU (adding the same SKU again adds to its quantity), whether it is selected
 * for checkout, and the member's price when it was added, so the cart can say "price changed since added".
 */
export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  await qi.createTable('cart_items', {
    id: idColumn,
    member_id: refColumn(),
    sku_id: refColumn(),
    quantity: { type: DataTypes.INTEGER, allowNull: false },
    selected: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    added_price_fen: fenColumn(),
    ...timestampColumns(),
  });
  await qi.addIndex('cart_items', ['member_id', 'sku_id'], { unique: true });
  await addCheck(qi, sequelize, 'cart_items', 'cart_items_quantity_valid', 'quantity > 0 AND quantity <= 999');
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('cart_items');
}
