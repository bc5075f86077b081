import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { CommissionStatus, DistributorStatus, StatementStatus } from '@mall/shared';
import { announceWrites } from '../../platform/cache/write-hooks';
import { fenAttribute, idAttribute, timestampAttributes } from '../../platform/db/columns';

export class Distributor extends Model<InferAttributes<Distributor>, InferCreationAttributes<Distributor>> {
  declare memberId: number;
  declare status: DistributorStatus;
  declare gradeCode: string | null;
  declare reason: string | null;
  declare appliedAt: Date | null;
  declare decidedBy: string | null;
  declare decidedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class Commission extends Model<InferAttributes<Commission>, InferCreationAttributes<Commission>> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare orderNo: string;
  declare orderLineId: number;
  declare level: 1 | 2;
  declare beneficiaryId: number;
  declare buyerId: number;
  declare productId: number;
  declare skuId: number;
  declare quantity: number;
  declare linePaidFen: number;
  declare lineRefundedFen: CreationOptional<number>;
  declare ruleJson: string;
  declare rateBps: number | null;
  declare capBps: number;
  declare amountFen: number;
  declare reversedFen: CreationOptional<number>;
  declare status: CommissionStatus;
  declare accruedAt: Date;
  declare releaseAt: Date | null;
  declare orderCompletedAt: Date | null;
  declare releasedAt: Date | null;
  declare statementId: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class SettlementStatement extends Model<
  InferAttributes<SettlementStatement>,
  InferCreationAttributes<SettlementStatement>
> {
  declare id: CreationOptional<number>;
  declare statementNo: string;
  declare memberId: number;
  declare periodEnd: Date;
  declare totalFen: number;
  declare settledFen: CreationOptional<number>;
  declare lineCount: number;
  declare status: StatementStatus;
  declare disputeReason: string | null;
  declare confirmedBy: string | null;
  declare confirmedAt: Date | null;
  declare note: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class CommissionReversal extends Model<
  InferAttributes<CommissionReversal>,
  InferCreationAttributes<CommissionReversal>
> {
  declare id: CreationOptional<number>;
  declare commissionId: number;
  declare refundNo: string;
  declare amountFen: number;
  /** The commission's status when the refund came (where the money was taken from). */
  declare takenFrom: CommissionStatus;
  declare createdAt: CreationOptional<Date>;
}

/** A refund the commission listener saw on a line (the accrual counts those that came before it). */
export class CommissionLineRefund extends Model<
  InferAttributes<CommissionLineRefund>,
  InferCreationAttributes<CommissionLineRefund>
> {
  declare id: CreationOptional<number>;
  declare orderLineId: number;
  declare refundNo: string;
  declare refundFen: number;
  declare createdAt: CreationOptional<Date>;
}

export class DistributionPolicyRow extends Model<
  InferAttributes<DistributionPolicyRow>,
  InferCreationAttributes<DistributionPolicyRow>
> {
  declare id: CreationOptional<number>;
  declare policyJson: string;
  declare createdBy: string;
  declare createdAt: CreationOptional<Date>;
}

/** Announced after every committed policy change: every process drops its copy. */
export const POLICY_TOPIC = 'distribution-policy';

export function initDistributionModels(sequelize: Sequelize) {
  const ref = () => ({ type: DataTypes.INTEGER.UNSIGNED, allowNull: false });
  const date = () => ({ type: DataTypes.DATE(3), allowNull: true });
  Distributor.init(
    {
      memberId: { type: DataTypes.INTEGER.UNSIGNED, primaryKey: true },
      status: { type: DataTypes.STRING(16), allowNull: false },
      gradeCode: { type: DataTypes.STRING(32), allowNull: true },
      reason: { type: DataTypes.STRING(200), allowNull: true },
      appliedAt: date(),
      decidedBy: { type: DataTypes.STRING(64), allowNull: true },
      decidedAt: date(),
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'distributors', underscored: true },
  );
  Commission.init(
    {
      id: idAttribute(),
      orderId: ref(),
      orderNo: { type: DataTypes.STRING(32), allowNull: false },
      orderLineId: ref(),
      level: { type: DataTypes.TINYINT.UNSIGNED, allowNull: false },
      beneficiaryId: ref(),
      buyerId: ref(),
      productId: ref(),
      skuId: ref(),
      quantity: { type: DataTypes.INTEGER, allowNull: false },
      linePaidFen: fenAttribute('linePaidFen'),
      lineRefundedFen: { ...fenAttribute('lineRefundedFen'), defaultValue: 0 },
      ruleJson: { type: DataTypes.STRING(200), allowNull: false },
      rateBps: { type: DataTypes.INTEGER, allowNull: true },
      capBps: { type: DataTypes.INTEGER, allowNull: false },
      amountFen: fenAttribute('amountFen'),
      reversedFen: { ...fenAttribute('reversedFen'), defaultValue: 0 },
      status: { type: DataTypes.STRING(16), allowNull: false },
      accruedAt: { type: DataTypes.DATE(3), allowNull: false },
      releaseAt: date(),
      orderCompletedAt: date(),
      releasedAt: date(),
      statementId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: true },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'commissions', underscored: true },
  );
  SettlementStatement.init(
    {
      id: idAttribute(),
      statementNo: { type: DataTypes.STRING(32), allowNull: false },
      memberId: ref(),
      periodEnd: { type: DataTypes.DATE(3), allowNull: false },
      totalFen: fenAttribute('totalFen'),
      settledFen: { ...fenAttribute('settledFen'), defaultValue: 0 },
      lineCount: { type: DataTypes.INTEGER, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      disputeReason: { type: DataTypes.STRING(200), allowNull: true },
      confirmedBy: { type: DataTypes.STRING(64), allowNull: true },
      confirmedAt: date(),
      note: { type: DataTypes.STRING(200), allowNull: true },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'settlement_statements', underscored: true },
  );
  CommissionReversal.init(
    {
      id: idAttribute(),
      commissionId: ref(),
      refundNo: { type: DataTypes.STRING(64), allowNull: false },
      amountFen: fenAttribute('amountFen'),
      takenFrom: { type: DataTypes.STRING(16), allowNull: false },
      createdAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'commission_reversals', underscored: true, updatedAt: false },
  );
  CommissionLineRefund.init(
    {
      id: idAttribute(),
      orderLineId: ref(),
      refundNo: { type: DataTypes.STRING(64), allowNull: false },
      refundFen: fenAttribute('refundFen'),
      createdAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'commission_line_refunds', underscored: true, updatedAt: false },
  );
  DistributionPolicyRow.init(
    {
      id: idAttribute(),
      policyJson: { type: DataTypes.TEXT, allowNull: false },
      createdBy: { type: DataTypes.STRING(64), allowNull: false },
      createdAt: DataTypes.DATE(3),
    },
    {
      sequelize,
      tableName: 'distribution_policies',
      underscored: true,
      updatedAt: false,
      hooks: announceWrites<DistributionPolicyRow>(POLICY_TOPIC, (r) => r.id),
    },
  );
}
