import { QueryTypes } from 'sequelize';
import { deriveDimensions, specKey, type SpecValues } from '@mall/shared';
import { fenColumn, idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Rich product fields, spec dimensions, the listing schedule, SKU identity by spec key, the status history
 * and home page banners. Existing rows are backfilled (spec keys, dimensions, price range) before the unique
 * index on (product_id, spec_key) goes on.
 */
export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  const productColumns = {
    origin: { type: DataTypes.STRING(100), allowNull: false, defaultValue: '' },
    ingredients: { type: DataTypes.TEXT, allowNull: true },
    efficacy: { type: DataTypes.TEXT, allowNull: true },
    share_text: { type: DataTypes.STRING(200), allowNull: false, defaultValue: '' },
    video_url: { type: DataTypes.STRING(500), allowNull: true },
    spec_dimensions_json: { type: DataTypes.TEXT, allowNull: true },
    min_price_fen: fenColumn(0),
    max_price_fen: fenColumn(0),
    on_sale_at: { type: DataTypes.DATE(3), allowNull: true },
    off_sale_at: { type: DataTypes.DATE(3), allowNull: true },
    schedule_version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    listed_at: { type: DataTypes.DATE(3), allowNull: true },
  };
  for (const [name, column] of Object.entries(productColumns)) await qi.addColumn('products', name, column);
  await qi.addColumn('skus', 'spec_key', { type: DataTypes.STRING(191), allowNull: true });
  await qi.addColumn('skus', 'sku_code', { type: DataTypes.STRING(64), allowNull: true });
  await qi.addColumn('skus', 'is_active', { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true });

  await backfill(sequelize);
  await qi.addIndex('skus', ['product_id', 'spec_key'], { unique: true, name: 'skus_product_spec_key' });
  await qi.addIndex('skus', ['sku_code'], { unique: true, name: 'skus_sku_code' });
  await qi.addIndex('products', ['status', 'on_sale_at'], { name: 'products_status_on_sale_at' });
  await qi.addIndex('products', ['status', 'off_sale_at'], { name: 'products_status_off_sale_at' });
  await qi.addIndex('products', ['status', 'min_price_fen'], { name: 'products_status_min_price' });
  await qi.addIndex('products', ['status', 'sales_count'], { name: 'products_status_sales' });
  await qi.addIndex('categories', ['parent_id', 'sort_order'], { name: 'categories_parent_sort' });

  await qi.createTable('product_status_history', {
    id: idColumn,
    product_id: refColumn(),
    from_status: { type: DataTypes.STRING(16), allowNull: true },
    to_status: { type: DataTypes.STRING(16), allowNull: false },
    actor_type: { type: DataTypes.STRING(8), allowNull: false },
    actor: { type: DataTypes.STRING(64), allowNull: false },
    reason: { type: DataTypes.STRING(200), allowNull: false, defaultValue: '' },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('product_status_history', ['product_id', 'id'], { name: 'product_status_history_product' });

  await qi.createTable('banners', {
    id: idColumn,
    title: { type: DataTypes.STRING(60), allowNull: false, defaultValue: '' },
    image_url: { type: DataTypes.STRING(500), allowNull: false },
    link_type: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'none' },
    link_value: { type: DataTypes.STRING(300), allowNull: false, defaultValue: '' },
    sort_order: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    starts_at: { type: DataTypes.DATE(3), allowNull: true },
    ends_at: { type: DataTypes.DATE(3), allowNull: true },
    is_active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    ...timestampColumns(),
  });
  await qi.addIndex('banners', ['is_active', 'sort_order'], { name: 'banners_active_sort' });
}

async function backfill(sequelize: MigrationContext['sequelize']) {
  const skus = await sequelize.query<{ id: number; product_id: number; specs_json: string; price_fen: number }>(
    'SELECT id, product_id, specs_json, price_fen FROM skus ORDER BY id',
    { type: QueryTypes.SELECT },
  );
  const byProduct = new Map<number, { specs: SpecValues; priceFen: number }[]>();
  for (const sku of skus) {
    const specs = JSON.parse(sku.specs_json) as SpecValues;
    await sequelize.query('UPDATE skus SET spec_key = ? WHERE id = ?', { replacements: [specKey(specs), sku.id] });
    byProduct.set(sku.product_id, [
      ...(byProduct.get(sku.product_id) ?? []),
      { specs, priceFen: Number(sku.price_fen) },
    ]);
  }
  await sequelize.query("UPDATE products SET ingredients = '', efficacy = '', spec_dimensions_json = '[]'");
  await sequelize.query("UPDATE products SET listed_at = updated_at WHERE status = 'on_sale'");
  for (const [productId, rows] of byProduct) {
    const prices = rows.map((r) => r.priceFen);
    await sequelize.query(
      'UPDATE products SET spec_dimensions_json = ?, min_price_fen = ?, max_price_fen = ? WHERE id = ?',
      {
        replacements: [
          JSON.stringify(deriveDimensions(rows.map((r) => r.specs))),
          Math.min(...prices),
          Math.max(...prices),
          productId,
        ],
      },
    );
  }
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('banners');
  await qi.dropTable('product_status_history');
  await qi.removeIndex('categories', 'categories_parent_sort');
  for (const index of [
    'products_status_on_sale_at',
    'products_status_off_sale_at',
    'products_status_min_price',
    'products_status_sales',
  ])
    await qi.removeIndex('products', index);
  await qi.removeIndex('skus', 'skus_product_spec_key');
  await qi.removeIndex('skus', 'skus_sku_code');
  for (const column of ['spec_key', 'sku_code', 'is_active']) await qi.removeColumn('skus', column);
  for (const column of [
    'origin',
    'ingredients',
    'efficacy',
    'share_text',
    'video_url',
    'spec_dimensions_json',
    'min_price_fen',
    'max_price_fen',
    'on_sale_at',
    'off_sale_at',
    'schedule_version',
    'listed_at',
  ])
    await qi.removeColumn('products', column);
}
