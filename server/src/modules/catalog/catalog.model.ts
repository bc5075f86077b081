import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { ProductStatus } from '@mall/shared';
import { fenAttribute, idAttribute, timestampAttributes } from '../../platform/db/columns';
import { announceWrites } from '../../platform/cache/write-hooks';
import { initListingModels } from './listing.model';

/** Announced after committed writes to products or their SKUs (key: the product id). */
export const PRODUCTS_TOPIC = 'catalog.products';
/** Announced after committed writes to categories: product lists filter by the tree. */
export const CATEGORIES_TOPIC = 'catalog.categories';

export class Category extends Model<InferAttributes<Category>, InferCreationAttributes<Category>> {
  declare id: CreationOptional<number>;
  declare parentId: number | null;
  declare name: string;
  declare iconUrl: string | null;
  declare sortOrder: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class Product extends Model<InferAttributes<Product>, InferCreationAttributes<Product>> {
  declare id: CreationOptional<number>;
  declare categoryId: number | null;
  declare name: string;
  declare subtitle: string;
  declare coverUrl: string;
  declare imagesJson: string;
  declare description: string;
  declare status: ProductStatus;
  declare salesCount: CreationOptional<number>;
  declare origin: CreationOptional<string>;
  declare ingredients: CreationOptional<string>;
  declare efficacy: CreationOptional<string>;
  declare shareText: CreationOptional<string>;
  declare videoUrl: CreationOptional<string | null>;
  declare specDimensionsJson: CreationOptional<string>;
  /** Lowest and highest active SKU price, kept for list filters and sorts. */
  declare minPriceFen: CreationOptional<number>;
  declare maxPriceFen: CreationOptional<number>;
  declare onSaleAt: CreationOptional<Date | null>;
  declare offSaleAt: CreationOptional<Date | null>;
  /** Bumped on every schedule change: a delayed job carrying an older version does nothing. */
  declare scheduleVersion: CreationOptional<number>;
  /** When the product last went on sale ("newest" sort). */
  declare listedAt: CreationOptional<Date | null>;
  /** The shipping-fee template (module freight); null: free shipping. */
  declare freightTemplateId: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class Sku extends Model<InferAttributes<Sku>, InferCreationAttributes<Sku>> {
  declare id: CreationOptional<number>;
  declare productId: number;
  declare specsJson: string;
  /** Identity of the spec combination (specKey in shared/specs.ts), unique per product. */
  declare specKey: string;
  declare skuCode: CreationOptional<string | null>;
  /** A removed combination is deactivated, never deleted: orders reference its id. */
  declare isActive: CreationOptional<boolean>;
  declare priceFen: number;
  /** Shipping weight in grams (by-weight freight templates). */
  declare weightGrams: CreationOptional<number>;
  /** What one unit costs the shop (fen), for the profit report; null until an admin sets it. */
  declare costFen: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initCatalogModels(sequelize: Sequelize) {
  Category.init(
    {
      id: idAttribute(),
      parentId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: true },
      name: { type: DataTypes.STRING(40), allowNull: false },
      iconUrl: { type: DataTypes.STRING(500), allowNull: true },
      sortOrder: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      ...timestampAttributes(),
    },
    {
      sequelize,
      tableName: 'categories',
      underscored: true,
      hooks: announceWrites<Category>(CATEGORIES_TOPIC, (c) => c.id),
    },
  );
  Product.init(
    {
      id: idAttribute(),
      categoryId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: true },
      freightTemplateId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: true },
      name: { type: DataTypes.STRING(120), allowNull: false },
      subtitle: { type: DataTypes.STRING(200), allowNull: false },
      coverUrl: { type: DataTypes.STRING(500), allowNull: false },
      imagesJson: { type: DataTypes.TEXT, allowNull: false },
      description: { type: DataTypes.TEXT, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      salesCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      origin: { type: DataTypes.STRING(100), allowNull: false, defaultValue: '' },
      ingredients: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
      efficacy: { type: DataTypes.TEXT, allowNull: false, defaultValue: '' },
      shareText: { type: DataTypes.STRING(200), allowNull: false, defaultValue: '' },
      videoUrl: { type: DataTypes.STRING(500), allowNull: true },
      specDimensionsJson: { type: DataTypes.TEXT, allowNull: false, defaultValue: '[]' },
      minPriceFen: { ...fenAttribute('minPriceFen'), defaultValue: 0 },
      maxPriceFen: { ...fenAttribute('maxPriceFen'), defaultValue: 0 },
      onSaleAt: { type: DataTypes.DATE(3), allowNull: true },
      offSaleAt: { type: DataTypes.DATE(3), allowNull: true },
      scheduleVersion: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      listedAt: { type: DataTypes.DATE(3), allowNull: true },
      ...timestampAttributes(),
    },
    {
      sequelize,
      tableName: 'products',
      underscored: true,
      hooks: announceWrites<Product>(PRODUCTS_TOPIC, (p) => p.id),
    },
  );
  Sku.init(
    {
      id: idAttribute(),
      productId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      specsJson: { type: DataTypes.STRING(500), allowNull: false },
      specKey: { type: DataTypes.STRING(191), allowNull: false },
      skuCode: { type: DataTypes.STRING(64), allowNull: true },
      isActive: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      priceFen: fenAttribute('priceFen'),
      weightGrams: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false, defaultValue: 0 },
      costFen: {
        type: DataTypes.BIGINT,
        allowNull: true,
        get(this: Sku): number | null {
          const v = this.getDataValue('costFen');
          return v === null || v === undefined ? null : Number(v);
        },
      },
      ...timestampAttributes(),
    },
    {
      sequelize,
      tableName: 'skus',
      underscored: true,
      hooks: announceWrites<Sku>(PRODUCTS_TOPIC, (s) => s.productId),
    },
  );
  initListingModels(sequelize);
}
