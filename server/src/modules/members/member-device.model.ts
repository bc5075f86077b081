import { DataTypes, Model, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** A device a member was seen on: the keyed hash of the install id, never the id (see devices.ts). */
export class MemberDevice extends Model<InferAttributes<MemberDevice>, InferCreationAttributes<MemberDevice>> {
  declare memberId: number;
  declare deviceHash: string;
  declare firstSeenAt: Date;
  declare lastSeenAt: Date;
}

export function initMemberDeviceModel(sequelize: Sequelize) {
  MemberDevice.init(
    {
      memberId: { type: DataTypes.INTEGER.UNSIGNED, primaryKey: true },
      deviceHash: { type: DataTypes.CHAR(64), primaryKey: true },
      firstSeenAt: { type: DataTypes.DATE(3), allowNull: false },
      lastSeenAt: { type: DataTypes.DATE(3), allowNull: false },
    },
    { sequelize, tableName: 'member_devices', underscored: true, timestamps: false },
  );
}
