import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { RiskAlertKind, RiskAlertStatus } from '@mall/shared';
import { idAttribute, timestampAttributes } from '../../platform/db/columns';

export class RiskAlert extends Model<InferAttributes<RiskAlert>, InferCreationAttributes<RiskAlert>> {
  declare id: CreationOptional<number>;
  declare memberId: number;
  declare withdrawalId: number | null;
  declare kind: RiskAlertKind;
  declare status: RiskAlertStatus;
  declare detailJson: string;
  declare resolvedBy: CreationOptional<string | null>;
  declare resolvedAt: CreationOptional<Date | null>;
  declare note: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initRiskAlertModel(sequelize: Sequelize) {
  RiskAlert.init(
    {
      id: idAttribute(),
      memberId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      withdrawalId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: true },
      kind: { type: DataTypes.STRING(24), allowNull: false },
      status: { type: DataTypes.STRING(12), allowNull: false },
      detailJson: { type: DataTypes.STRING(1000), allowNull: false },
      resolvedBy: { type: DataTypes.STRING(64), allowNull: true },
      resolvedAt: { type: DataTypes.DATE(3), allowNull: true },
      note: { type: DataTypes.STRING(200), allowNull: true },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'risk_alerts', underscored: true },
  );
}
