import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { idAttribute, timestampAttributes } from '../../platform/db/columns';

/** A product's (skuId 0) or a SKU's own commission rule: rate bps or fixed fen per unit, per level. */
export class CommissionOverrideRow extends Model<
  InferAttributes<CommissionOverrideRow>,
  InferCreationAttributes<CommissionOverrideRow>
> {
  declare id: CreationOptional<number>;
  declare productId: number;
  declare skuId: number;
  declare mode: 'rate' | 'fixed';
  declare level1: number;
  declare level2: number | null;
  declare updatedBy: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initCommissionOverrideModel(sequelize: Sequelize) {
  // BIGINT (a fixed amount is money), read back as a plain number
  const amount = (key: 'level1' | 'level2', allowNull: boolean) => ({
    type: DataTypes.BIGINT,
    allowNull,
    get(this: CommissionOverrideRow) {
      const value = this.getDataValue(key);
      return value === null ? null : Number(value);
    },
  });
  CommissionOverrideRow.init(
    {
      id: idAttribute(),
      productId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      skuId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false, defaultValue: 0 },
      mode: { type: DataTypes.STRING(8), allowNull: false },
      level1: amount('level1', false),
      level2: amount('level2', true),
      updatedBy: { type: DataTypes.STRING(64), allowNull: false },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'commission_overrides', underscored: true },
  );
}
