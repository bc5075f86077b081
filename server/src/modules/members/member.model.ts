import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { initMemberDeviceModel } from './member-device.model';
import { initProfileModels } from './profile.model';
import { idAttribute, timestampAttributes } from '../../platform/db/columns';

/** Who the member is (login identity, name, picture, invite code). The referrer is team's, the level loyalty's. */
export class Member extends Model<InferAttributes<Member>, InferCreationAttributes<Member>> {
  declare id: CreationOptional<number>;
  declare openid: string;
  declare unionid: string | null;
  declare nickname: string;
  declare avatarUrl: string | null;
  declare inviteCode: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initMemberModels(sequelize: Sequelize) {
  initProfileModels(sequelize);
  initMemberDeviceModel(sequelize);
  Member.init(
    {
      id: idAttribute(),
      openid: { type: DataTypes.STRING(64), allowNull: false },
      unionid: { type: DataTypes.STRING(64), allowNull: true },
      nickname: { type: DataTypes.STRING(64), allowNull: false },
      avatarUrl: { type: DataTypes.STRING(500), allowNull: true },
      inviteCode: { type: DataTypes.STRING(16), allowNull: false },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'members', underscored: true },
  );
}
