import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { fenAttribute, idAttribute, timestampAttributes } from '../../platform/db/columns';

export class CartItem extends Model<InferAttributes<CartItem>, InferCreationAttributes<CartItem>> {
  declare id: CreationOptional<number>;
  declare memberId: number;
  declare skuId: number;
  declare quantity: number;
  declare selected: CreationOptional<boolean>;
  /** The member's price when the line was added (or added to again). */
  declare addedPriceFen: number;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initCartModels(sequelize: Sequelize) {
  CartItem.init(
    {
      id: idAttribute(),
      memberId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      skuId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      quantity: { type: DataTypes.INTEGER, allowNull: false },
      selected: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      addedPriceFen: fenAttribute('addedPriceFen'),
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'cart_items', underscored: true },
  );
}
