import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { OfflineTransferStatus, PaymentChannel, RefundStatus } from '@mall/shared';
import { fenAttribute, idAttribute, timestampAttributes } from '../../platform/db/columns';

export class Refund extends Model<InferAttributes<Refund>, InferCreationAttributes<Refund>> {
  declare id: CreationOptional<number>;
  /** out_refund_no (WeChat Pay) / out_request_no (Alipay): made and stored before the platform is called. */
  declare refundNo: string;
  declare businessKey: string;
  declare paymentId: number;
  declare orderId: number;
  declare orderNo: string;
  declare memberId: number | null;
  declare channel: PaymentChannel;
  declare amountFen: number;
  declare status: RefundStatus;
  declare linesJson: string;
  declare reason: string;
  declare actor: string;
  declare providerRefundId: CreationOptional<string | null>;
  declare attempts: CreationOptional<number>;
  declare lastError: CreationOptional<string | null>;
  declare succeededAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class OfflineTransfer extends Model<InferAttributes<OfflineTransfer>, InferCreationAttributes<OfflineTransfer>> {
  declare id: CreationOptional<number>;
  declare paymentId: number;
  declare reference: string;
  declare status: OfflineTransferStatus;
  declare deadlineAt: Date;
  declare proofFile: CreationOptional<string | null>;
  declare proofUploadedAt: CreationOptional<Date | null>;
  declare firstAdminId: CreationOptional<number | null>;
  declare firstAdminName: CreationOptional<string | null>;
  declare firstConfirmedAt: CreationOptional<Date | null>;
  declare secondAdminId: CreationOptional<number | null>;
  declare secondAdminName: CreationOptional<string | null>;
  declare secondConfirmedAt: CreationOptional<Date | null>;
  declare rejectReason: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

const ref = (allowNull = false) => ({ type: DataTypes.INTEGER.UNSIGNED, allowNull });

export function initRefundModels(sequelize: Sequelize) {
  Refund.init(
    {
      id: idAttribute(),
      refundNo: { type: DataTypes.STRING(64), allowNull: false },
      businessKey: { type: DataTypes.STRING(96), allowNull: false },
      paymentId: ref(),
      orderId: ref(),
      orderNo: { type: DataTypes.STRING(32), allowNull: false },
      memberId: ref(true),
      channel: { type: DataTypes.STRING(16), allowNull: false },
      amountFen: fenAttribute('amountFen'),
      status: { type: DataTypes.STRING(16), allowNull: false },
      linesJson: { type: DataTypes.TEXT, allowNull: false },
      reason: { type: DataTypes.STRING(200), allowNull: false },
      actor: { type: DataTypes.STRING(64), allowNull: false },
      providerRefundId: { type: DataTypes.STRING(64), allowNull: true },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      lastError: { type: DataTypes.STRING(200), allowNull: true },
      succeededAt: { type: DataTypes.DATE(3), allowNull: true },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'refunds', underscored: true },
  );
  OfflineTransfer.init(
    {
      id: idAttribute(),
      paymentId: ref(),
      reference: { type: DataTypes.STRING(32), allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      deadlineAt: { type: DataTypes.DATE(3), allowNull: false },
      proofFile: { type: DataTypes.STRING(200), allowNull: true },
      proofUploadedAt: { type: DataTypes.DATE(3), allowNull: true },
      firstAdminId: ref(true),
      firstAdminName: { type: DataTypes.STRING(64), allowNull: true },
      firstConfirmedAt: { type: DataTypes.DATE(3), allowNull: true },
      secondAdminId: ref(true),
      secondAdminName: { type: DataTypes.STRING(64), allowNull: true },
      secondConfirmedAt: { type: DataTypes.DATE(3), allowNull: true },
      rejectReason: { type: DataTypes.STRING(200), allowNull: true },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'offline_transfers', underscored: true },
  );
}
