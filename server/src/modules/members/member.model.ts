import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { initMemberLevelModel } from './member-level.model';
import { initProfileModels } from './profile.model';
import { idAttribute, timestampAttributes } from '../../platform/db/columns';

export class Member extends Model<InferAttributes<Member>, InferCreationAttributes<Member>> {
  declare id: CreationOptional<number>;
  declare openid: string;
  declare unionid: string | null;
  declare nickname: string;
  declare avatarUrl: string | null;
  declare inviteCode: string;
  declare referrerId: number | null;
  /** member_levels.code */
  declare levelCode: CreationOptional<string>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initMemberModels(sequelize: Sequelize) {
  initMemberLevelModel(sequelize);
  initProfileModels(sequelize);
  Member.init(
    {
      id: idAttribute(),
      openid: { type: DataTypes.STRING(64), allowNull: false },
      unionid: { type: DataTypes.STRING(64), allowNull: true },
      nickname: { type: DataTypes.STRING(64), allowNull: false },
      avatarUrl: { type: DataTypes.STRING(500), allowNull: true },
      inviteCode: { type: DataTypes.STRING(16), allowNull: false },
      referrerId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: true },
      levelCode: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'normal' },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'members', underscored: true },
  );
}
