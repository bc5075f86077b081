import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { FreightBasis } from '@mall/shared/admin';
import { fenAttribute, idAttribute, timestampAttributes } from '../../platform/db/columns';

export class FreightTemplate extends Model<InferAttributes<FreightTemplate>, InferCreationAttributes<FreightTemplate>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare basis: FreightBasis;
  declare freeAboveFen: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class FreightRuleRow extends Model<InferAttributes<FreightRuleRow>, InferCreationAttributes<FreightRuleRow>> {
  declare id: CreationOptional<number>;
  declare templateId: number;
  declare regionsJson: string;
  declare firstUnits: number;
  declare firstFeeFen: number;
  declare extraUnits: number;
  declare extraFeeFen: number;
  declare sortOrder: number;
}

export function initFreightModels(sequelize: Sequelize) {
  FreightTemplate.init(
    {
      id: idAttribute(),
      name: { type: DataTypes.STRING(60), allowNull: false },
      basis: { type: DataTypes.STRING(8), allowNull: false },
      freeAboveFen: {
        type: DataTypes.BIGINT,
        allowNull: true,
        get(this: FreightTemplate) {
          const raw = this.getDataValue('freeAboveFen');
          return raw === null || raw === undefined ? null : Number(raw);
        },
      },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'freight_templates', underscored: true },
  );
  FreightRuleRow.init(
    {
      id: idAttribute(),
      templateId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      regionsJson: { type: DataTypes.STRING(1000), allowNull: false },
      firstUnits: { type: DataTypes.INTEGER, allowNull: false },
      firstFeeFen: fenAttribute('firstFeeFen'),
      extraUnits: { type: DataTypes.INTEGER, allowNull: false },
      extraFeeFen: fenAttribute('extraFeeFen'),
      sortOrder: { type: DataTypes.INTEGER, allowNull: false },
    },
    { sequelize, tableName: 'freight_rules', underscored: true, timestamps: false },
  );
}
