import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { OrderStatus } from '@mall/shared';
import { fenAttribute, idAttribute, timestampAttributes } from '../../platform/db/columns';

export class Order extends Model<InferAttributes<Order>, InferCreationAttributes<Order>> {
  declare id: CreationOptional<number>;
  declare orderNo: string;
  declare memberId: number;
  declare status: OrderStatus;
  declare itemsFen: number;
  declare shippingFen: number;
  /** Sum of the order's adjustments (points, later coupons ...): payableFen = itemsFen - discountFen + shippingFen. */
  declare discountFen: CreationOptional<number>;
  declare payableFen: number;
  declare paidFen: CreationOptional<number>;
  declare addressJson: string;
  declare remark: string;
  declare requestId: string;
  declare expiresAt: Date;
  declare paidAt: CreationOptional<Date | null>;
  declare cancelledAt: CreationOptional<Date | null>;
  /** JSON array of member ids: the buyer's referrers nearest first, frozen at placement. */
  declare referrerChainJson: CreationOptional<string>;
  // ---- fulfilment times (issue 10, order-fulfilment.ts) ----
  declare shippedAt: CreationOptional<Date | null>;
  declare receivedAt: CreationOptional<Date | null>;
  declare completedAt: CreationOptional<Date | null>;
  // ---- end fulfilment times ----
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class OrderLine extends Model<InferAttributes<OrderLine>, InferCreationAttributes<OrderLine>> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare skuId: number;
  declare productId: number;
  declare productName: string;
  declare specsJson: string;
  declare coverUrl: string;
  declare unitPriceFen: number;
  declare quantity: number;
  declare lineTotalFen: number;
  /** This line's share of the order's discounts (largest remainder), and what it pays: lineTotalFen - discountFen. */
  declare discountFen: CreationOptional<number>;
  declare payableFen: number;
  /** How unitPriceFen came about (modules/pricing); null on lines placed before pricing existed. */
  declare basePriceFen: number | null;
  declare priceSource: string | null;
  declare priceRuleId: number | null;
  declare priceLabel: string | null;
}

/** One adjuster's effect on an order (order_adjustments): what it took off, and the points it spent. */
export class OrderAdjustment extends Model<InferAttributes<OrderAdjustment>, InferCreationAttributes<OrderAdjustment>> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare code: string;
  declare label: string;
  declare amountFen: number;
  declare points: number;
  declare ref: string | null;
}

export class OrderEvent extends Model<InferAttributes<OrderEvent>, InferCreationAttributes<OrderEvent>> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare fromStatus: OrderStatus | null;
  declare toStatus: OrderStatus;
  declare actor: string;
  declare reason: string;
  declare createdAt: CreationOptional<Date>;
}

// fresh objects each time: Sequelize writes into attribute definitions, so they must not be shared
const ref = () => ({ type: DataTypes.INTEGER.UNSIGNED, allowNull: false });

export function initOrderModels(sequelize: Sequelize) {
  Order.init(
    {
      id: idAttribute(),
      orderNo: { type: DataTypes.STRING(32), allowNull: false },
      memberId: ref(),
      status: { type: DataTypes.STRING(24), allowNull: false },
      itemsFen: fenAttribute('itemsFen'),
      shippingFen: fenAttribute('shippingFen'),
      discountFen: { ...fenAttribute('discountFen'), defaultValue: 0 },
      payableFen: fenAttribute('payableFen'),
      paidFen: { ...fenAttribute('paidFen'), defaultValue: 0 },
      addressJson: { type: DataTypes.TEXT, allowNull: false },
      remark: { type: DataTypes.STRING(200), allowNull: false },
      requestId: { type: DataTypes.STRING(64), allowNull: false },
      expiresAt: { type: DataTypes.DATE(3), allowNull: false },
      paidAt: { type: DataTypes.DATE(3), allowNull: true },
      cancelledAt: { type: DataTypes.DATE(3), allowNull: true },
      referrerChainJson: { type: DataTypes.STRING(64), allowNull: false, defaultValue: '[]', field: 'referrer_chain' },
      // ---- fulfilment times (issue 10) ----
      shippedAt: { type: DataTypes.DATE(3), allowNull: true },
      receivedAt: { type: DataTypes.DATE(3), allowNull: true },
      completedAt: { type: DataTypes.DATE(3), allowNull: true },
      // ---- end fulfilment times ----
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'orders', underscored: true },
  );
  OrderLine.init(
    {
      id: idAttribute(),
      orderId: ref(),
      skuId: ref(),
      productId: ref(),
      productName: { type: DataTypes.STRING(120), allowNull: false },
      specsJson: { type: DataTypes.STRING(500), allowNull: false },
      coverUrl: { type: DataTypes.STRING(500), allowNull: false },
      unitPriceFen: fenAttribute('unitPriceFen'),
      quantity: { type: DataTypes.INTEGER, allowNull: false },
      lineTotalFen: fenAttribute('lineTotalFen'),
      discountFen: { ...fenAttribute('discountFen'), defaultValue: 0 },
      payableFen: fenAttribute('payableFen'),
      basePriceFen: { type: DataTypes.BIGINT, allowNull: true },
      priceSource: { type: DataTypes.STRING(16), allowNull: true },
      priceRuleId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: true },
      priceLabel: { type: DataTypes.STRING(16), allowNull: true },
    },
    { sequelize, tableName: 'order_lines', underscored: true, timestamps: false },
  );
  OrderAdjustment.init(
    {
      id: idAttribute(),
      orderId: ref(),
      code: { type: DataTypes.STRING(24), allowNull: false },
      label: { type: DataTypes.STRING(60), allowNull: false },
      amountFen: fenAttribute('amountFen'),
      points: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      ref: { type: DataTypes.STRING(64), allowNull: true },
    },
    { sequelize, tableName: 'order_adjustments', underscored: true, timestamps: false },
  );
  OrderEvent.init(
    {
      id: idAttribute(),
      orderId: ref(),
      fromStatus: { type: DataTypes.STRING(24), allowNull: true },
      toStatus: { type: DataTypes.STRING(24), allowNull: false },
      actor: { type: DataTypes.STRING(64), allowNull: false },
      reason: { type: DataTypes.STRING(200), allowNull: false, defaultValue: '' },
      createdAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'order_events', underscored: true, updatedAt: false },
  );
}
