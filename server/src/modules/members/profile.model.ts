import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { idAttribute, timestampAttributes } from '../../platform/db/columns';

/** A member's personal data, one row per member once they give any. The ID number is never stored in clear. */
export class MemberProfile extends Model<InferAttributes<MemberProfile>, InferCreationAttributes<MemberProfile>> {
  declare memberId: number;
  declare realName: CreationOptional<string | null>;
  /** As WeChat gives it: mainland numbers bare, others with +country code. Unique. */
  declare phone: CreationOptional<string | null>;
  declare phoneCountryCode: CreationOptional<string | null>;
  declare phoneBoundAt: CreationOptional<Date | null>;
  /** AES-256-GCM, see id-number-crypto.ts */
  declare idNumberCipher: CreationOptional<string | null>;
  /** HMAC-SHA256 of the normalized number: uniqueness and lookup without the number. */
  declare idNumberHash: CreationOptional<string | null>;
  declare idNumberMasked: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class MemberAddress extends Model<InferAttributes<MemberAddress>, InferCreationAttributes<MemberAddress>> {
  declare id: CreationOptional<number>;
  declare memberId: number;
  declare receiverName: string;
  declare phone: string;
  declare region: string;
  declare detail: string;
  declare isDefault: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initProfileModels(sequelize: Sequelize) {
  MemberProfile.init(
    {
      memberId: { type: DataTypes.INTEGER.UNSIGNED, primaryKey: true },
      realName: { type: DataTypes.STRING(40), allowNull: true },
      phone: { type: DataTypes.STRING(20), allowNull: true },
      phoneCountryCode: { type: DataTypes.STRING(4), allowNull: true },
      phoneBoundAt: { type: DataTypes.DATE(3), allowNull: true },
      idNumberCipher: { type: DataTypes.STRING(160), allowNull: true },
      idNumberHash: { type: DataTypes.CHAR(64), allowNull: true },
      idNumberMasked: { type: DataTypes.STRING(24), allowNull: true },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'member_profiles', underscored: true },
  );
  MemberAddress.init(
    {
      id: idAttribute(),
      memberId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      receiverName: { type: DataTypes.STRING(40), allowNull: false },
      phone: { type: DataTypes.STRING(20), allowNull: false },
      region: { type: DataTypes.STRING(100), allowNull: false },
      detail: { type: DataTypes.STRING(200), allowNull: false },
      isDefault: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'member_addresses', underscored: true },
  );
}
