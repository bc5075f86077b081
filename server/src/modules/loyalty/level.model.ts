import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { announceWrites } from '../../platform/cache/write-hooks';
import { fenAttribute, idAttribute, timestampAttributes } from '../../platform/db/columns';

/** Announced after every committed write to the ladder: every process drops its copy. */
export const LADDER_TOPIC = 'loyalty.ladder';
/** Announced after a member's level changed (key: the member id). */
export const MEMBER_LEVEL_TOPIC = 'loyalty.member-level';

/** One rung of the level ladder (普通 / 银卡 / 金卡 / 钻石 by default). Higher rank is better. */
export class MemberLevel extends Model<InferAttributes<MemberLevel>, InferCreationAttributes<MemberLevel>> {
  declare id: CreationOptional<number>;
  declare code: string;
  declare name: string;
  declare rank: number;
  declare discountBps: CreationOptional<number>;
  declare pointsMultiplierBps: CreationOptional<number>;
  /** Rules and perks (migration 20261125001500). */
  declare minSpendFen: CreationOptional<number>;
  declare minDirectReferrals: CreationOptional<number | null>;
  declare activeWithinDays: CreationOptional<number | null>;
  /** JSON array of activity codes only this level and above may join. */
  declare exclusiveActivities: CreationOptional<string>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initLevelModel(sequelize: Sequelize) {
  MemberLevel.init(
    {
      id: idAttribute(),
      code: { type: DataTypes.STRING(16), allowNull: false },
      name: { type: DataTypes.STRING(32), allowNull: false },
      rank: { type: DataTypes.INTEGER, allowNull: false },
      discountBps: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      pointsMultiplierBps: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 10_000 },
      minSpendFen: { ...fenAttribute('minSpendFen'), defaultValue: 0 },
      minDirectReferrals: { type: DataTypes.INTEGER, allowNull: true },
      activeWithinDays: { type: DataTypes.INTEGER, allowNull: true },
      exclusiveActivities: { type: DataTypes.STRING(1000), allowNull: false, defaultValue: '[]' },
      ...timestampAttributes(),
    },
    {
      sequelize,
      tableName: 'member_levels',
      underscored: true,
      hooks: announceWrites<MemberLevel>(LADDER_TOPIC, (l) => l.code),
    },
  );
}
