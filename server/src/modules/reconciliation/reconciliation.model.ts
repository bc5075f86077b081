import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { MismatchKind, MismatchStatus, ReconciliationChannel, ReconciliationRunStatus } from '@mall/shared';
import { fenAttribute, idAttribute, timestampAttributes } from '../../platform/db/columns';

export class ReconciliationRun extends Model<
  InferAttributes<ReconciliationRun>,
  InferCreationAttributes<ReconciliationRun>
> {
  declare id: CreationOptional<number>;
  declare channel: ReconciliationChannel;
  /** YYYY-MM-DD, the China calendar day the bill covers. */
  declare billDate: string;
  declare status: ReconciliationRunStatus;
  declare triggeredBy: string;
  declare runCount: CreationOptional<number>;
  declare theirPaymentCount: CreationOptional<number>;
  declare theirPaymentFen: CreationOptional<number>;
  declare theirRefundCount: CreationOptional<number>;
  declare theirRefundFen: CreationOptional<number>;
  declare ourPaymentCount: CreationOptional<number>;
  declare ourPaymentFen: CreationOptional<number>;
  declare ourRefundCount: CreationOptional<number>;
  declare ourRefundFen: CreationOptional<number>;
  declare mismatchCount: CreationOptional<number>;
  declare errorCode: CreationOptional<string | null>;
  declare errorMessage: CreationOptional<string | null>;
  declare startedAt: Date;
  declare finishedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class ReconciliationMismatch extends Model<
  InferAttributes<ReconciliationMismatch>,
  InferCreationAttributes<ReconciliationMismatch>
> {
  declare id: CreationOptional<number>;
  declare runId: number;
  declare channel: ReconciliationChannel;
  declare billDate: string;
  declare kind: MismatchKind;
  declare subject: 'payment' | 'refund';
  declare outTradeNo: string;
  declare refundNo: string | null;
  declare paymentId: number | null;
  declare refundId: number | null;
  declare theirTransactionId: string | null;
  declare ourAmountFen: number | null;
  declare theirAmountFen: number | null;
  declare ourStatus: string | null;
  declare theirStatus: string | null;
  declare status: MismatchStatus;
  declare resolutionNote: CreationOptional<string | null>;
  declare resolvedById: CreationOptional<number | null>;
  declare resolvedByName: CreationOptional<string | null>;
  declare resolvedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

const count = () => ({ type: DataTypes.INTEGER.UNSIGNED, allowNull: false, defaultValue: 0 });
const sum = (key: string) => ({ ...fenAttribute(key), defaultValue: 0 });
/** An amount only one side may know: BIGINT or null, read as a number. */
const optionalFen = (key: string) => ({
  type: DataTypes.BIGINT,
  allowNull: true,
  get(this: Model): number | null {
    const value: unknown = this.getDataValue(key as never);
    return value === null || value === undefined ? null : Number(value);
  },
});

export function initReconciliationModels(sequelize: Sequelize) {
  ReconciliationRun.init(
    {
      id: idAttribute(),
      channel: { type: DataTypes.STRING(16), allowNull: false },
      billDate: { type: DataTypes.DATEONLY, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      triggeredBy: { type: DataTypes.STRING(80), allowNull: false },
      runCount: count(),
      theirPaymentCount: count(),
      theirPaymentFen: sum('theirPaymentFen'),
      theirRefundCount: count(),
      theirRefundFen: sum('theirRefundFen'),
      ourPaymentCount: count(),
      ourPaymentFen: sum('ourPaymentFen'),
      ourRefundCount: count(),
      ourRefundFen: sum('ourRefundFen'),
      mismatchCount: count(),
      errorCode: { type: DataTypes.STRING(64), allowNull: true },
      errorMessage: { type: DataTypes.STRING(300), allowNull: true },
      startedAt: { type: DataTypes.DATE(3), allowNull: false },
      finishedAt: { type: DataTypes.DATE(3), allowNull: true },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'reconciliation_runs', underscored: true },
  );
  ReconciliationMismatch.init(
    {
      id: idAttribute(),
      runId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      channel: { type: DataTypes.STRING(16), allowNull: false },
      billDate: { type: DataTypes.DATEONLY, allowNull: false },
      kind: { type: DataTypes.STRING(16), allowNull: false },
      subject: { type: DataTypes.STRING(8), allowNull: false },
      outTradeNo: { type: DataTypes.STRING(64), allowNull: false },
      refundNo: { type: DataTypes.STRING(64), allowNull: true },
      paymentId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: true },
      refundId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: true },
      theirTransactionId: { type: DataTypes.STRING(64), allowNull: true },
      ourAmountFen: optionalFen('ourAmountFen'),
      theirAmountFen: optionalFen('theirAmountFen'),
      ourStatus: { type: DataTypes.STRING(16), allowNull: true },
      theirStatus: { type: DataTypes.STRING(32), allowNull: true },
      status: { type: DataTypes.STRING(16), allowNull: false },
      resolutionNote: { type: DataTypes.STRING(500), allowNull: true },
      resolvedById: { type: DataTypes.INTEGER.UNSIGNED, allowNull: true },
      resolvedByName: { type: DataTypes.STRING(64), allowNull: true },
      resolvedAt: { type: DataTypes.DATE(3), allowNull: true },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'reconciliation_mismatches', underscored: true },
  );
}
