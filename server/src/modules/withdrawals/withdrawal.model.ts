import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { WithdrawalChannel, WithdrawalStatus } from '@mall/shared';
import { fenAttribute, idAttribute, timestampAttributes } from '../../platform/db/columns';

export class Withdrawal extends Model<InferAttributes<Withdrawal>, InferCreationAttributes<Withdrawal>> {
  declare id: CreationOptional<number>;
  declare withdrawalNo: string;
  declare memberId: number;
  declare idempotencyKey: string;
  declare requestHash: string;
  declare responseJson: CreationOptional<string | null>;
  declare amountFen: number;
  declare feeFen: number;
  declare netFen: number;
  declare channel: WithdrawalChannel;
  declare status: WithdrawalStatus;
  declare requestedDay: string;
  declare bankName: CreationOptional<string | null>;
  declare accountName: CreationOptional<string | null>;
  declare accountNoCipher: CreationOptional<string | null>;
  declare accountNoHash: CreationOptional<string | null>;
  declare accountLast4: CreationOptional<string | null>;
  declare reason: CreationOptional<string | null>;
  declare needsTwo: boolean;
  declare firstReviewerId: CreationOptional<number | null>;
  declare firstReviewer: CreationOptional<string | null>;
  declare firstReviewedAt: CreationOptional<Date | null>;
  declare secondReviewerId: CreationOptional<number | null>;
  declare secondReviewer: CreationOptional<string | null>;
  declare secondReviewedAt: CreationOptional<Date | null>;
  declare transferBillNo: CreationOptional<string | null>;
  declare transferState: CreationOptional<string | null>;
  declare packageInfo: CreationOptional<string | null>;
  declare transferStartedAt: CreationOptional<Date | null>;
  declare batchNo: CreationOptional<string | null>;
  declare paidAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class WithdrawalDailyTotal extends Model<
  InferAttributes<WithdrawalDailyTotal>,
  InferCreationAttributes<WithdrawalDailyTotal>
> {
  declare memberId: number;
  declare day: string;
  declare count: number;
  declare amountFen: number;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class WithdrawalBatch extends Model<InferAttributes<WithdrawalBatch>, InferCreationAttributes<WithdrawalBatch>> {
  declare id: CreationOptional<number>;
  declare batchNo: string;
  declare count: number;
  declare totalNetFen: number;
  declare createdBy: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initWithdrawalModels(sequelize: Sequelize) {
  const text = (length: number) => ({ type: DataTypes.STRING(length), allowNull: true });
  const at = () => ({ type: DataTypes.DATE(3), allowNull: true });
  const ref = () => ({ type: DataTypes.INTEGER.UNSIGNED, allowNull: true });
  Withdrawal.init(
    {
      id: idAttribute(),
      withdrawalNo: { type: DataTypes.STRING(20), allowNull: false },
      memberId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      idempotencyKey: { type: DataTypes.STRING(64), allowNull: false },
      requestHash: { type: DataTypes.CHAR(64), allowNull: false },
      responseJson: { type: DataTypes.TEXT, allowNull: true },
      amountFen: fenAttribute('amountFen'),
      feeFen: fenAttribute('feeFen'),
      netFen: fenAttribute('netFen'),
      channel: { type: DataTypes.STRING(16), allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      requestedDay: { type: DataTypes.CHAR(10), allowNull: false },
      bankName: text(40),
      accountName: text(40),
      accountNoCipher: text(200),
      accountNoHash: { type: DataTypes.CHAR(64), allowNull: true },
      accountLast4: text(4),
      reason: text(200),
      needsTwo: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      firstReviewerId: ref(),
      firstReviewer: text(64),
      firstReviewedAt: at(),
      secondReviewerId: ref(),
      secondReviewer: text(64),
      secondReviewedAt: at(),
      transferBillNo: text(64),
      transferState: text(24),
      packageInfo: text(1024),
      transferStartedAt: at(),
      batchNo: text(20),
      paidAt: at(),
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'withdrawals', underscored: true },
  );
  WithdrawalDailyTotal.init(
    {
      memberId: { type: DataTypes.INTEGER.UNSIGNED, primaryKey: true },
      day: { type: DataTypes.CHAR(10), primaryKey: true },
      count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      amountFen: { ...fenAttribute('amountFen'), defaultValue: 0 },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'withdrawal_daily_totals', underscored: true },
  );
  WithdrawalBatch.init(
    {
      id: idAttribute(),
      batchNo: { type: DataTypes.STRING(20), allowNull: false },
      count: { type: DataTypes.INTEGER, allowNull: false },
      totalNetFen: fenAttribute('totalNetFen'),
      createdBy: { type: DataTypes.STRING(64), allowNull: false },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'withdrawal_batches', underscored: true },
  );
}
