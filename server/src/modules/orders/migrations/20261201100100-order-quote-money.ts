import { addCheck, fenColumn, idColumn, refColumn } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * The server-side quote, written down (issue 10):
 * - each order line keeps its list price (base_price_fen, already there), unit price, its share of the order's
 *   discounts (discount_fen) and what it pays (payable_fen = line_total_fen - discount_fen), so a refund of one
 *   line knows exactly what that line paid;
 * - the order keeps its total discount, and one order_adjustments row per adjuster that changed the price
 *   (points today; coupons, 满减, flash-sale and group-buy later), with the points it spent, if any.
 * payable_fen of an order = items_fen - discount_fen + shipping_fen = sum(lines.payable_fen) + shipping_fen.
 * Lines placed before this migration get discount 0 and payable = line total.
 */
export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  await qi.addColumn('orders', 'discount_fen', fenColumn(0));
  await qi.addColumn('order_lines', 'discount_fen', fenColumn(0));
  await qi.addColumn('order_lines', 'payable_fen', fenColumn(0));
  await sequelize.query('UPDATE order_lines SET payable_fen = line_total_fen');
  await addCheck(qi, sequelize, 'orders', 'orders_discount_valid', 'discount_fen >= 0 AND discount_fen <= items_fen');
  await addCheck(
    qi,
    sequelize,
    'order_lines',
    'order_lines_discount_valid',
    'discount_fen >= 0 AND discount_fen <= line_total_fen AND payable_fen = line_total_fen - discount_fen',
  );

  await qi.createTable('order_adjustments', {
    id: idColumn,
    order_id: refColumn(),
    /** The adjuster's code: points, coupon, full_reduction, flash_sale, group_buy ... */
    code: { type: DataTypes.STRING(24), allowNull: false },
    label: { type: DataTypes.STRING(60), allowNull: false },
    /** What it took off the items amount (positive). */
    amount_fen: fenColumn(),
    /** Points spent for it (points adjuster), else 0. */
    points: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    /** The adjuster's own reference (a coupon id, a campaign id), if any. */
    ref: { type: DataTypes.STRING(64), allowNull: true },
  });
  await qi.addIndex('order_adjustments', ['order_id', 'code'], { unique: true });
  await addCheck(
    qi,
    sequelize,
    'order_adjustments',
    'order_adjustments_amount_valid',
    'amount_fen >= 0 AND points >= 0',
  );
}

export async function down({ queryInterface: qi, sequelize }: MigrationContext) {
  await qi.dropTable('order_adjustments');
  if (sequelize.getDialect() === 'mysql') {
    await sequelize.query('ALTER TABLE order_lines DROP CONSTRAINT order_lines_discount_valid');
    await sequelize.query('ALTER TABLE orders DROP CONSTRAINT orders_discount_valid');
  }
  // plain DROP COLUMN: Sequelize's SQLite removeColumn rebuilds the table and loses its unique indexes
  await sequelize.query('ALTER TABLE order_lines DROP COLUMN payable_fen');
  await sequelize.query('ALTER TABLE order_lines DROP COLUMN discount_fen');
  await sequelize.query('ALTER TABLE orders DROP COLUMN discount_fen');
}
