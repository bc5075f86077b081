import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { PointsEntryKind } from '@mall/shared';
import { fenAttribute, idAttribute } from '../../platform/db/columns';
import { initLevelModel } from './level.model';
import { initRewardModels } from './reward.model';

/** The rung a new account starts on (the column default since members.level_code, migration 20261125000600). */
export const DEFAULT_LEVEL_CODE = 'normal';

export type LevelChangeCause = 'rule' | 'job' | 'admin';
export type LotState = 'frozen' | 'active' | 'cancelled';

/** Per-member balances and the facts the level rules read that no other table holds. */
export class LoyaltyAccount extends Model<InferAttributes<LoyaltyAccount>, InferCreationAttributes<LoyaltyAccount>> {
  declare memberId: number;
  declare availablePoints: CreationOptional<number>;
  declare frozenPoints: CreationOptional<number>;
  declare lastActiveAt: CreationOptional<Date | null>;
  declare levelHeldUntil: CreationOptional<Date | null>;
  /** The member's current rung (member_levels.code): loyalty is its one writer. */
  declare levelCode: CreationOptional<string>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class LevelHistory extends Model<InferAttributes<LevelHistory>, InferCreationAttributes<LevelHistory>> {
  declare id: CreationOptional<number>;
  declare memberId: number;
  declare fromCode: string;
  declare toCode: string;
  declare cause: LevelChangeCause;
  declare reason: string;
  declare actor: string;
  declare jobDay: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
}

/** +paidFen when an order is paid, -paidFen when it is refunded: spend = sum over the window. */
export class SpendEntry extends Model<InferAttributes<SpendEntry>, InferCreationAttributes<SpendEntry>> {
  declare id: CreationOptional<number>;
  declare memberId: number;
  declare orderId: number;
  declare kind: 'paid' | 'refunded';
  /** The refund number of a partial refund; '' for the payment and a whole-order refund. */
  declare ref: CreationOptional<string>;
  declare amountFen: number;
  declare occurredAt: Date;
}

export class PointsLot extends Model<InferAttributes<PointsLot>, InferCreationAttributes<PointsLot>> {
  declare id: CreationOptional<number>;
  declare memberId: number;
  declare sourceKey: string;
  declare state: LotState;
  declare points: number;
  declare remaining: number;
  declare expiresAt: Date;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class PointsLedger extends Model<InferAttributes<PointsLedger>, InferCreationAttributes<PointsLedger>> {
  declare id: CreationOptional<number>;
  declare memberId: number;
  declare kind: PointsEntryKind;
  declare delta: number;
  declare frozenDelta: number;
  declare balanceAfter: number;
  declare frozenAfter: number;
  declare ref: string;
  declare lotId: number | null;
  declare lotExpiresAt: Date | null;
  declare reason: CreationOptional<string>;
  declare createdAt: CreationOptional<Date>;
}

export class PointsSpend extends Model<InferAttributes<PointsSpend>, InferCreationAttributes<PointsSpend>> {
  declare id: CreationOptional<number>;
  declare memberId: number;
  declare ref: string;
  declare points: number;
  declare isRefunded: CreationOptional<boolean>;
  /** Points given back so far (partial returns at checkout refunds); never more than points. */
  declare returnedPoints: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class PointsSpendLot extends Model<InferAttributes<PointsSpendLot>, InferCreationAttributes<PointsSpendLot>> {
  declare id: CreationOptional<number>;
  declare spendId: number;
  declare lotId: number;
  declare points: number;
  declare returnedPoints: CreationOptional<number>;
}

const ref = () => ({ type: DataTypes.INTEGER.UNSIGNED, allowNull: false });
const pts = () => ({ type: DataTypes.INTEGER, allowNull: false });
const date = (allowNull = false) => ({ type: DataTypes.DATE(3), allowNull });
const stamps = { createdAt: DataTypes.DATE(3), updatedAt: DataTypes.DATE(3) };

export function initLoyaltyModels(sequelize: Sequelize) {
  initLevelModel(sequelize);
  initRewardModels(sequelize);
  const common = { sequelize, underscored: true };
  LoyaltyAccount.init(
    {
      memberId: { ...ref(), primaryKey: true },
      availablePoints: { ...pts(), defaultValue: 0 },
      frozenPoints: { ...pts(), defaultValue: 0 },
      lastActiveAt: date(true),
      levelHeldUntil: date(true),
      levelCode: { type: DataTypes.STRING(16), allowNull: false, defaultValue: DEFAULT_LEVEL_CODE },
      ...stamps,
    },
    { ...common, tableName: 'loyalty_accounts' },
  );
  LevelHistory.init(
    {
      id: idAttribute(),
      memberId: ref(),
      fromCode: { type: DataTypes.STRING(16), allowNull: false },
      toCode: { type: DataTypes.STRING(16), allowNull: false },
      cause: { type: DataTypes.STRING(8), allowNull: false },
      reason: { type: DataTypes.STRING(200), allowNull: false },
      actor: { type: DataTypes.STRING(64), allowNull: false },
      jobDay: { type: DataTypes.STRING(10), allowNull: true },
      createdAt: DataTypes.DATE(3),
    },
    { ...common, tableName: 'member_level_history', updatedAt: false },
  );
  SpendEntry.init(
    {
      id: idAttribute(),
      memberId: ref(),
      orderId: ref(),
      kind: { type: DataTypes.STRING(8), allowNull: false },
      ref: { type: DataTypes.STRING(40), allowNull: false, defaultValue: '' },
      amountFen: fenAttribute('amountFen'),
      occurredAt: date(),
    },
    { ...common, tableName: 'member_spend_entries', timestamps: false },
  );
  PointsLot.init(
    {
      id: idAttribute(),
      memberId: ref(),
      sourceKey: { type: DataTypes.STRING(96), allowNull: false },
      state: { type: DataTypes.STRING(10), allowNull: false },
      points: pts(),
      remaining: pts(),
      expiresAt: date(),
      ...stamps,
    },
    { ...common, tableName: 'points_lots' },
  );
  PointsLedger.init(
    {
      id: idAttribute(),
      memberId: ref(),
      kind: { type: DataTypes.STRING(16), allowNull: false },
      delta: pts(),
      frozenDelta: pts(),
      balanceAfter: pts(),
      frozenAfter: pts(),
      ref: { type: DataTypes.STRING(96), allowNull: false },
      lotId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: true },
      lotExpiresAt: date(true),
      reason: { type: DataTypes.STRING(200), allowNull: false, defaultValue: '' },
      createdAt: DataTypes.DATE(3),
    },
    { ...common, tableName: 'points_ledger', updatedAt: false },
  );
  PointsSpend.init(
    {
      id: idAttribute(),
      memberId: ref(),
      ref: { type: DataTypes.STRING(96), allowNull: false },
      points: pts(),
      isRefunded: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      returnedPoints: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      ...stamps,
    },
    { ...common, tableName: 'points_spends' },
  );
  PointsSpendLot.init(
    {
      id: idAttribute(),
      spendId: ref(),
      lotId: ref(),
      points: pts(),
      returnedPoints: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    },
    { ...common, tableName: 'points_spend_lots', timestamps: false },
  );
}
