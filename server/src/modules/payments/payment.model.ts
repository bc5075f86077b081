import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { PaymentChannel, PaymentStatus } from '@mall/shared';
import { fenAttribute, idAttribute, timestampAttributes } from '../../platform/db/columns';
import { initRefundModels } from './refund.model';

export class Payment extends Model<InferAttributes<Payment>, InferCreationAttributes<Payment>> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare channel: PaymentChannel;
  declare outTradeNo: string;
  declare status: PaymentStatus;
  declare amountFen: number;
  declare prepayId: string | null;
  declare prepayExpiresAt: Date | null;
  declare transactionId: CreationOptional<string | null>;
  declare payerOpenid: CreationOptional<string | null>;
  declare paidAt: CreationOptional<Date | null>;
  declare needsRefund: CreationOptional<boolean>;
  declare memberId: number | null;
  declare orderNo: string | null;
  /** Refunded or being refunded (closed and failed refunds give theirs back); never above amountFen. */
  declare refundedFen: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initPaymentModels(sequelize: Sequelize) {
  Payment.init(
    {
      id: idAttribute(),
      orderId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      channel: { type: DataTypes.STRING(16), allowNull: false },
      outTradeNo: { type: DataTypes.STRING(32), allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      amountFen: fenAttribute('amountFen'),
      prepayId: { type: DataTypes.STRING(128), allowNull: true },
      prepayExpiresAt: { type: DataTypes.DATE(3), allowNull: true },
      transactionId: { type: DataTypes.STRING(64), allowNull: true },
      payerOpenid: { type: DataTypes.STRING(64), allowNull: true },
      paidAt: { type: DataTypes.DATE(3), allowNull: true },
      needsRefund: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      memberId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: true },
      orderNo: { type: DataTypes.STRING(32), allowNull: true },
      refundedFen: { ...fenAttribute('refundedFen'), defaultValue: 0 },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'payments', underscored: true },
  );
  initRefundModels(sequelize);
}
