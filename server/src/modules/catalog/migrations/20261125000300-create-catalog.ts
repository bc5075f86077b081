import { addCheck, fenColumn, idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  await qi.createTable('categories', {
    id: idColumn,
    parent_id: refColumn(true),
    name: { type: DataTypes.STRING(40), allowNull: false },
    icon_url: { type: DataTypes.STRING(500), allowNull: true },
    sort_order: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    ...timestampColumns(),
  });
  await qi.createTable('products', {
    id: idColumn,
    category_id: refColumn(true),
    name: { type: DataTypes.STRING(120), allowNull: false },
    subtitle: { type: DataTypes.STRING(200), allowNull: false, defaultValue: '' },
    cover_url: { type: DataTypes.STRING(500), allowNull: false },
    images_json: { type: DataTypes.TEXT, allowNull: false },
    description: { type: DataTypes.TEXT, allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    sales_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    ...timestampColumns(),
  });
  await qi.addIndex('products', ['status', 'id']);
  await qi.addIndex('products', ['category_id', 'status']);
  await qi.createTable('skus', {
    id: idColumn,
    product_id: refColumn(),
    specs_json: { type: DataTypes.STRING(500), allowNull: false },
    price_fen: fenColumn(),
    stock: { type: DataTypes.INTEGER, allowNull: false },
    ...timestampColumns(),
  });
  await qi.addIndex('skus', ['product_id']);
  await addCheck(qi, sequelize, 'skus', 'skus_stock_not_negative', 'stock >= 0');
  await addCheck(qi, sequelize, 'skus', 'skus_price_positive', 'price_fen > 0');
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('skus');
  await qi.dropTable('products');
  await qi.dropTable('categories');
}
