import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { PointsExchangeStatus } from '@mall/shared';
import { idAttribute } from '../../platform/db/columns';

export class PointsReward extends Model<InferAttributes<PointsReward>, InferCreationAttributes<PointsReward>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare imageUrl: string | null;
  declare pointsCost: number;
  declare stock: number;
  declare isActive: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class PointsExchange extends Model<InferAttributes<PointsExchange>, InferCreationAttributes<PointsExchange>> {
  declare id: CreationOptional<number>;
  declare memberId: number;
  declare rewardId: number;
  declare requestId: string;
  declare points: number;
  declare status: PointsExchangeStatus;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initRewardModels(sequelize: Sequelize) {
  const stamps = { createdAt: DataTypes.DATE(3), updatedAt: DataTypes.DATE(3) };
  PointsReward.init(
    {
      id: idAttribute(),
      name: { type: DataTypes.STRING(60), allowNull: false },
      imageUrl: { type: DataTypes.STRING(500), allowNull: true },
      pointsCost: { type: DataTypes.INTEGER, allowNull: false },
      stock: { type: DataTypes.INTEGER, allowNull: false },
      isActive: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      ...stamps,
    },
    { sequelize, tableName: 'points_rewards', underscored: true },
  );
  PointsExchange.init(
    {
      id: idAttribute(),
      memberId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      rewardId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      requestId: { type: DataTypes.STRING(64), allowNull: false },
      points: { type: DataTypes.INTEGER, allowNull: false },
      status: { type: DataTypes.STRING(12), allowNull: false },
      ...stamps,
    },
    { sequelize, tableName: 'points_exchanges', underscored: true },
  );
}
