import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { fenAttribute, idAttribute } from '../../platform/db/columns';

/** One refund's share of one order line (a ledger row: written once, never changed). */
export class OrderLineRefund extends Model<InferAttributes<OrderLineRefund>, InferCreationAttributes<OrderLineRefund>> {
  declare id: CreationOptional<number>;
  declare refundNo: string;
  declare orderId: number;
  declare orderLineId: number;
  declare quantity: number;
  declare refundFen: number;
  declare createdAt: CreationOptional<Date>;
}

export function initOrderRefundModels(sequelize: Sequelize) {
  OrderLineRefund.init(
    {
      id: idAttribute(),
      refundNo: { type: DataTypes.STRING(40), allowNull: false },
      orderId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      orderLineId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      quantity: { type: DataTypes.INTEGER, allowNull: false },
      refundFen: fenAttribute('refundFen'),
      createdAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'order_line_refunds', underscored: true, updatedAt: false },
  );
}
