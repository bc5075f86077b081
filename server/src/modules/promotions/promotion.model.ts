import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { PromotionKind, PromotionOrderStatus, PromotionStatus } from '@mall/shared';
import { announceWrites } from '../../platform/cache/write-hooks';
import { fenAttribute, idAttribute, timestampAttributes } from '../../platform/db/columns';

/** Announced after every committed write to promotion_activities: every process drops its live list. */
export const PROMOTIONS_TOPIC = 'promotions.activities';

/** A discount activity or a 满减, with its window, product set and level gate. */
export class PromotionActivity extends Model<
  InferAttributes<PromotionActivity>,
  InferCreationAttributes<PromotionActivity>
> {
  declare id: CreationOptional<number>;
  declare kind: PromotionKind;
  declare status: PromotionStatus;
  declare name: string;
  declare startsAt: Date;
  declare endsAt: Date;
  /** JSON arrays of ids; both empty: the whole shop. */
  declare productIds: string;
  declare categoryIds: string;
  declare levelActivityCode: string | null;
  declare discountBps: number | null;
  declare activityPriceFen: number | null;
  /** JSON array of { thresholdFen, reductionFen } (满减), `[]` for a discount. */
  declare tiersJson: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** One order an activity took something off: the effect record. */
export class PromotionOrder extends Model<InferAttributes<PromotionOrder>, InferCreationAttributes<PromotionOrder>> {
  declare id: CreationOptional<number>;
  declare promotionId: number;
  declare orderId: number;
  declare orderNo: string;
  declare memberId: number;
  declare status: PromotionOrderStatus;
  declare itemsFen: number;
  declare discountFen: number;
  declare paidFen: CreationOptional<number>;
  /** JSON array of the order's SKU ids the activity covered (an order has one line per SKU). */
  declare skuIds: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class PromotionOrderRefund extends Model<
  InferAttributes<PromotionOrderRefund>,
  InferCreationAttributes<PromotionOrderRefund>
> {
  declare id: CreationOptional<number>;
  declare promotionOrderId: number;
  declare refundNo: string;
  declare refundFen: number;
  declare createdAt: CreationOptional<Date>;
}

const nullableFen = (key: string) => ({
  type: DataTypes.BIGINT,
  allowNull: true,
  get(this: Model): number | null {
    const value = this.getDataValue(key as never) as unknown;
    return value === null || value === undefined ? null : Number(value);
  },
});

export function initPromotionModels(sequelize: Sequelize) {
  PromotionActivity.init(
    {
      id: idAttribute(),
      kind: { type: DataTypes.STRING(16), allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      name: { type: DataTypes.STRING(32), allowNull: false },
      startsAt: { type: DataTypes.DATE(3), allowNull: false },
      endsAt: { type: DataTypes.DATE(3), allowNull: false },
      productIds: { type: DataTypes.TEXT, allowNull: false },
      categoryIds: { type: DataTypes.TEXT, allowNull: false },
      levelActivityCode: { type: DataTypes.STRING(32), allowNull: true },
      discountBps: { type: DataTypes.INTEGER, allowNull: true },
      activityPriceFen: nullableFen('activityPriceFen'),
      tiersJson: { type: DataTypes.TEXT, allowNull: false },
      ...timestampAttributes(),
    },
    {
      sequelize,
      tableName: 'promotion_activities',
      underscored: true,
      hooks: announceWrites<PromotionActivity>(PROMOTIONS_TOPIC, (a) => a.id),
    },
  );
  PromotionOrder.init(
    {
      id: idAttribute(),
      promotionId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      orderId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      orderNo: { type: DataTypes.STRING(32), allowNull: false },
      memberId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      itemsFen: fenAttribute('itemsFen'),
      discountFen: fenAttribute('discountFen'),
      paidFen: { ...fenAttribute('paidFen'), defaultValue: 0 },
      skuIds: { type: DataTypes.STRING(1000), allowNull: false },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'promotion_orders', underscored: true },
  );
  PromotionOrderRefund.init(
    {
      id: idAttribute(),
      promotionOrderId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      refundNo: { type: DataTypes.STRING(40), allowNull: false },
      refundFen: fenAttribute('refundFen'),
      createdAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'promotion_order_refunds', underscored: true, updatedAt: false },
  );
}
