import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { TeamRankingBoard, TeamRankingStatus, TeamRewardStatus } from '@mall/shared';
import { fenAttribute, idAttribute } from '../../platform/db/columns';

export type RewardKindStored = 'points' | 'coupon' | 'honour';

/** A referred member's first completed order rewarding their referrer (level 1 only): one row per referee. */
export class ReferralPurchaseReward extends Model<
  InferAttributes<ReferralPurchaseReward>,
  InferCreationAttributes<ReferralPurchaseReward>
> {
  declare id: CreationOptional<number>;
  declare refereeId: number;
  declare referrerId: number;
  declare orderId: number;
  declare kind: RewardKindStored;
  declare amount: number;
  declare status: TeamRewardStatus;
  declare reason: CreationOptional<string>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** A ranking frozen for one board and period: its entries never change. */
export class TeamRanking extends Model<InferAttributes<TeamRanking>, InferCreationAttributes<TeamRanking>> {
  declare id: CreationOptional<number>;
  declare board: TeamRankingBoard;
  declare period: string;
  declare status: TeamRankingStatus;
  declare startsAt: Date;
  declare endsAt: Date;
  declare entryCount: number;
  declare closedBy: string;
  declare closedAt: Date;
}

export class TeamRankingEntry extends Model<
  InferAttributes<TeamRankingEntry>,
  InferCreationAttributes<TeamRankingEntry>
> {
  declare rankingId: number;
  declare rank: number;
  declare memberId: number;
  declare figure: number;
}

/** What one member won in one ranking: written pending with the snapshot, then granted or skipped, once. */
export class TeamAward extends Model<InferAttributes<TeamAward>, InferCreationAttributes<TeamAward>> {
  declare id: CreationOptional<number>;
  declare rankingId: number;
  declare memberId: number;
  declare rank: number;
  declare awardIndex: number;
  declare kind: RewardKindStored;
  declare amount: number;
  declare name: string;
  declare status: TeamRewardStatus;
  declare reason: CreationOptional<string>;
  declare grantedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
}

export class TeamHonour extends Model<InferAttributes<TeamHonour>, InferCreationAttributes<TeamHonour>> {
  declare id: CreationOptional<number>;
  declare awardId: number;
  declare memberId: number;
  declare name: string;
  declare board: TeamRankingBoard;
  declare period: string;
  declare rank: number;
  declare createdAt: CreationOptional<Date>;
}

/** A board's award list as an admin set it (without a row, the policy's teamRewards apply). */
export class TeamAwardConfig extends Model<InferAttributes<TeamAwardConfig>, InferCreationAttributes<TeamAwardConfig>> {
  declare board: TeamRankingBoard;
  declare awardsJson: string;
  declare updatedBy: string;
  declare updatedAt: CreationOptional<Date>;
}

const text = (length: number) => ({ type: DataTypes.STRING(length), allowNull: false });
const int = () => ({ type: DataTypes.INTEGER, allowNull: false });
const rankNo = () => ({ ...int(), field: 'rank_no' });

export function initTeamGrowthModels(sequelize: Sequelize) {
  ReferralPurchaseReward.init(
    {
      id: idAttribute(),
      refereeId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      referrerId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      orderId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      kind: text(16),
      amount: int(),
      status: text(16),
      reason: { ...text(120), defaultValue: '' },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'referral_purchase_rewards', underscored: true },
  );
  TeamRanking.init(
    {
      id: idAttribute(),
      board: text(16),
      period: text(8),
      status: text(16),
      startsAt: { type: DataTypes.DATE(3), allowNull: false },
      endsAt: { type: DataTypes.DATE(3), allowNull: false },
      entryCount: int(),
      closedBy: text(64),
      closedAt: { type: DataTypes.DATE(3), allowNull: false },
    },
    { sequelize, tableName: 'team_rankings', underscored: true, timestamps: false },
  );
  TeamRankingEntry.init(
    {
      rankingId: { type: DataTypes.INTEGER.UNSIGNED, primaryKey: true },
      rank: { ...rankNo(), primaryKey: true },
      memberId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      figure: fenAttribute('figure'),
    },
    { sequelize, tableName: 'team_ranking_entries', underscored: true, timestamps: false },
  );
  TeamAward.init(
    {
      id: idAttribute(),
      rankingId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      memberId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      rank: rankNo(),
      awardIndex: int(),
      kind: text(16),
      amount: int(),
      name: text(40),
      status: text(16),
      reason: { ...text(120), defaultValue: '' },
      grantedAt: { type: DataTypes.DATE(3), allowNull: true },
      createdAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'team_awards', underscored: true, updatedAt: false },
  );
  TeamHonour.init(
    {
      id: idAttribute(),
      awardId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      memberId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      name: text(40),
      board: text(16),
      period: text(8),
      rank: rankNo(),
      createdAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'team_honours', underscored: true, updatedAt: false },
  );
  TeamAwardConfig.init(
    {
      board: { ...text(16), primaryKey: true },
      awardsJson: { type: DataTypes.TEXT, allowNull: false },
      updatedBy: text(64),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'team_award_configs', underscored: true, createdAt: false },
  );
}
