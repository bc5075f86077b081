import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { ProductStatus } from '@mall/shared';
import { fenAttribute } from '../../platform/db/columns';

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
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class Sku extends Model<InferAttributes<Sku>, InferCreationAttributes<Sku>> {
  declare id: CreationOptional<number>;
  declare productId: number;
  declare specsJson: string;
  declare priceFen: number;
  declare stock: number;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

// fresh objects each time: Sequelize writes into attribute definitions, so they must not be shared
const id = () => ({ type: DataTypes.INTEGER.UNSIGNED, primaryKey: true, autoIncrement: true });
const times = () => ({ createdAt: DataTypes.DATE(3), updatedAt: DataTypes.DATE(3) });
export function initCatalogModels(sequelize: Sequelize) {
  Category.init(
    {
      id: id(),
      parentId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: true },
      name: { type: DataTypes.STRING(40), allowNull: false },
      iconUrl: { type: DataTypes.STRING(500), allowNull: true },
      sortOrder: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      ...times(),
    },
    { sequelize, tableName: 'categories', underscored: true },
  );
  Product.init(
    {
      id: id(),
      categoryId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: true },
      name: { type: DataTypes.STRING(120), allowNull: false },
      subtitle: { type: DataTypes.STRING(200), allowNull: false },
      coverUrl: { type: DataTypes.STRING(500), allowNull: false },
      imagesJson: { type: DataTypes.TEXT, allowNull: false },
      description: { type: DataTypes.TEXT, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      salesCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      ...times(),
    },
    { sequelize, tableName: 'products', underscored: true },
  );
  Sku.init(
    {
      id: id(),
      productId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      specsJson: { type: DataTypes.STRING(500), allowNull: false },
      priceFen: fenAttribute('priceFen'),
      stock: { type: DataTypes.INTEGER, allowNull: false },
      ...times(),
    },
    { sequelize, tableName: 'skus', underscored: true },
  );
}
