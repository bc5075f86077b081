import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { ProductStatus } from '@mall/shared';
import { idAttribute, timestampAttributes } from '../../platform/db/columns';

/** One row per status change of a product: from, to, who (an admin or the system) and why. Never updated. */
export class ProductStatusChange extends Model<
  InferAttributes<ProductStatusChange>,
  InferCreationAttributes<ProductStatusChange>
> {
  declare id: CreationOptional<number>;
  declare productId: number;
  declare fromStatus: ProductStatus | null;
  declare toStatus: ProductStatus;
  declare actorType: 'admin' | 'system';
  /** The admin's username, or system:<job>. */
  declare actor: string;
  declare reason: string;
  declare createdAt: CreationOptional<Date>;
}

export class Banner extends Model<InferAttributes<Banner>, InferCreationAttributes<Banner>> {
  declare id: CreationOptional<number>;
  declare title: string;
  declare imageUrl: string;
  declare linkType: 'none' | 'product' | 'category' | 'page';
  declare linkValue: string;
  declare sortOrder: number;
  declare startsAt: Date | null;
  declare endsAt: Date | null;
  declare isActive: boolean;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initListingModels(sequelize: Sequelize) {
  ProductStatusChange.init(
    {
      id: idAttribute(),
      productId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      fromStatus: { type: DataTypes.STRING(16), allowNull: true },
      toStatus: { type: DataTypes.STRING(16), allowNull: false },
      actorType: { type: DataTypes.STRING(8), allowNull: false },
      actor: { type: DataTypes.STRING(64), allowNull: false },
      reason: { type: DataTypes.STRING(200), allowNull: false, defaultValue: '' },
      createdAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'product_status_history', underscored: true, updatedAt: false },
  );
  Banner.init(
    {
      id: idAttribute(),
      title: { type: DataTypes.STRING(60), allowNull: false, defaultValue: '' },
      imageUrl: { type: DataTypes.STRING(500), allowNull: false },
      linkType: { type: DataTypes.STRING(16), allowNull: false },
      linkValue: { type: DataTypes.STRING(300), allowNull: false },
      sortOrder: { type: DataTypes.INTEGER, allowNull: false },
      startsAt: { type: DataTypes.DATE(3), allowNull: true },
      endsAt: { type: DataTypes.DATE(3), allowNull: true },
      isActive: { type: DataTypes.BOOLEAN, allowNull: false },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'banners', underscored: true },
  );
}
