import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { idAttribute, timestampAttributes } from '../../platform/db/columns';

export class AdminUser extends Model<InferAttributes<AdminUser>, InferCreationAttributes<AdminUser>> {
  declare id: CreationOptional<number>;
  declare username: string;
  declare passwordHash: string;
  declare role: string;
  declare isDisabled: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class AdminAuditLog extends Model<InferAttributes<AdminAuditLog>, InferCreationAttributes<AdminAuditLog>> {
  declare id: CreationOptional<number>;
  declare adminId: number;
  declare adminUsername: string;
  declare action: string;
  declare targetType: string;
  declare targetId: string;
  declare beforeJson: string | null;
  declare afterJson: string | null;
  declare requestId: string;
  declare ip: string | null;
  declare createdAt: CreationOptional<Date>;
}

export function initAdminModels(sequelize: Sequelize) {
  AdminUser.init(
    {
      id: idAttribute(),
      username: { type: DataTypes.STRING(64), allowNull: false },
      passwordHash: { type: DataTypes.STRING(255), allowNull: false },
      role: { type: DataTypes.STRING(32), allowNull: false },
      isDisabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'admin_users', underscored: true },
  );
  AdminAuditLog.init(
    {
      id: idAttribute(),
      adminId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      adminUsername: { type: DataTypes.STRING(64), allowNull: false },
      action: { type: DataTypes.STRING(64), allowNull: false },
      targetType: { type: DataTypes.STRING(40), allowNull: false },
      targetId: { type: DataTypes.STRING(64), allowNull: false },
      beforeJson: { type: DataTypes.TEXT('medium'), allowNull: true },
      afterJson: { type: DataTypes.TEXT('medium'), allowNull: true },
      requestId: { type: DataTypes.STRING(64), allowNull: false },
      ip: { type: DataTypes.STRING(64), allowNull: true },
      createdAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'admin_audit_logs', underscored: true, updatedAt: false },
  );
}
