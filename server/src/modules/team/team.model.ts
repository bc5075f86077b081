import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { fenAttribute, idAttribute, timestampAttributes } from '../../platform/db/columns';

/**
 * Announced after a committed change to who is above whom (a node placed, a subtree moved; key: the member id,
 * none for a whole subtree): the referrer chains kept in process are dropped.
 */
export const TEAM_LINKS_TOPIC = 'team.links';

/** One member's place in the referral tree and their stored team figures (see README "Referral network"). */
export class TeamNode extends Model<InferAttributes<TeamNode>, InferCreationAttributes<TeamNode>> {
  declare memberId: number;
  declare referrerId: number | null;
  declare depth: number;
  declare ancestorPath: string;
  declare boundAt: Date | null;
  /** `member:<id>` or `admin:<username>`: who made the current binding. */
  declare boundBy: CreationOptional<string | null>;
  declare directCount: CreationOptional<number>;
  declare teamCount: CreationOptional<number>;
  declare teamSalesFen: CreationOptional<number>;
  declare teamOrderCount: CreationOptional<number>;
  declare ownSalesFen: CreationOptional<number>;
  declare ownOrderCount: CreationOptional<number>;
  declare lastPaidAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class ReferralBinding extends Model<InferAttributes<ReferralBinding>, InferCreationAttributes<ReferralBinding>> {
  declare id: CreationOptional<number>;
  declare memberId: number;
  declare fromReferrerId: number | null;
  declare toReferrerId: number;
  declare actor: string;
  declare reason: string;
  declare createdAt: CreationOptional<Date>;
}

export type TeamDeltaKind = 'joined' | 'paid' | 'refunded' | 'refund_part';

/** Append-only: what a fact adds to the figures; the drain job applies it once to the ancestors of its day. */
export class TeamDelta extends Model<InferAttributes<TeamDelta>, InferCreationAttributes<TeamDelta>> {
  declare id: CreationOptional<number>;
  declare kind: TeamDeltaKind;
  /** The member for `joined`, the order for `paid` / `refunded`, the refund (refundId) for `refund_part`. */
  declare sourceId: number;
  declare memberId: number;
  declare membersDelta: number;
  declare salesFen: number;
  declare ordersDelta: number;
  declare day: string | null;
  declare occurredAt: Date;
  declare appliedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
}

const count = () => ({ type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });

export function initTeamModels(sequelize: Sequelize) {
  TeamNode.init(
    {
      memberId: { type: DataTypes.INTEGER.UNSIGNED, primaryKey: true },
      referrerId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: true },
      depth: count(),
      ancestorPath: { type: DataTypes.TEXT, allowNull: false },
      boundAt: { type: DataTypes.DATE(3), allowNull: true },
      boundBy: { type: DataTypes.STRING(64), allowNull: true },
      directCount: count(),
      teamCount: count(),
      teamSalesFen: { ...fenAttribute('teamSalesFen'), defaultValue: 0 },
      teamOrderCount: count(),
      ownSalesFen: { ...fenAttribute('ownSalesFen'), defaultValue: 0 },
      ownOrderCount: count(),
      lastPaidAt: { type: DataTypes.DATE(3), allowNull: true },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'team_nodes', underscored: true },
  );
  ReferralBinding.init(
    {
      id: idAttribute(),
      memberId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      fromReferrerId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: true },
      toReferrerId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      actor: { type: DataTypes.STRING(64), allowNull: false },
      reason: { type: DataTypes.STRING(200), allowNull: false },
      createdAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'referral_bindings', underscored: true, updatedAt: false },
  );
  TeamDelta.init(
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      kind: { type: DataTypes.STRING(16), allowNull: false },
      sourceId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      memberId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      membersDelta: count(),
      salesFen: { ...fenAttribute('salesFen'), defaultValue: 0 },
      ordersDelta: count(),
      day: { type: DataTypes.STRING(10), allowNull: true },
      occurredAt: { type: DataTypes.DATE(3), allowNull: false },
      appliedAt: { type: DataTypes.DATE(3), allowNull: true },
      createdAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'team_deltas', underscored: true, updatedAt: false },
  );
}
