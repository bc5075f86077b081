import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { CouponKind, CouponScope, CouponSource, CouponTemplateStatus, MemberCouponStatus } from '@mall/shared';
import { fenAttribute, idAttribute, timestampAttributes } from '../../platform/db/columns';

export class CouponTemplate extends Model<InferAttributes<CouponTemplate>, InferCreationAttributes<CouponTemplate>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare kind: CouponKind;
  declare amountOffFen: number | null;
  declare percentOffBps: number | null;
  declare maxOffFen: number | null;
  declare thresholdFen: number;
  declare scope: CouponScope;
  declare scopeIdsJson: string;
  declare validityKind: 'fixed' | 'relative';
  declare validFrom: Date | null;
  declare validUntil: Date | null;
  declare validDays: number | null;
  declare totalBudget: number;
  declare issued: CreationOptional<number>;
  declare perMemberLimit: number;
  declare isClaimable: boolean;
  declare isNewMemberGift: boolean;
  declare perkLevelCode: string | null;
  declare returnsOnRefund: boolean;
  declare stacksWithPromotions: boolean;
  declare status: CouponTemplateStatus;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class CouponHolding extends Model<InferAttributes<CouponHolding>, InferCreationAttributes<CouponHolding>> {
  declare templateId: number;
  declare memberId: number;
  declare received: CreationOptional<number>;
}

export class MemberCoupon extends Model<InferAttributes<MemberCoupon>, InferCreationAttributes<MemberCoupon>> {
  declare id: CreationOptional<number>;
  declare templateId: number;
  declare memberId: number;
  declare source: CouponSource;
  declare sourceKey: string;
  declare sharerId: number | null;
  declare status: MemberCouponStatus;
  declare startsAt: Date;
  declare expiresAt: Date;
  declare orderNo: CreationOptional<string | null>;
  declare usedAt: CreationOptional<Date | null>;
  declare savingFen: CreationOptional<number | null>;
  declare orderPaidFen: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** A BIGINT amount that may be absent: a number or null in code. */
function nullableFen(key: string) {
  return {
    type: DataTypes.BIGINT,
    allowNull: true,
    get(this: Model): number | null {
      const raw = this.getDataValue(key as never) as unknown;
      return raw === null || raw === undefined ? null : Number(raw);
    },
  };
}

export function initCouponModels(sequelize: Sequelize) {
  CouponTemplate.init(
    {
      id: idAttribute(),
      name: { type: DataTypes.STRING(60), allowNull: false },
      kind: { type: DataTypes.STRING(8), allowNull: false },
      amountOffFen: nullableFen('amountOffFen'),
      percentOffBps: { type: DataTypes.INTEGER, allowNull: true },
      maxOffFen: nullableFen('maxOffFen'),
      thresholdFen: fenAttribute('thresholdFen'),
      scope: { type: DataTypes.STRING(12), allowNull: false },
      scopeIdsJson: { type: DataTypes.STRING(2000), allowNull: false },
      validityKind: { type: DataTypes.STRING(8), allowNull: false },
      validFrom: { type: DataTypes.DATE(3), allowNull: true },
      validUntil: { type: DataTypes.DATE(3), allowNull: true },
      validDays: { type: DataTypes.INTEGER, allowNull: true },
      totalBudget: { type: DataTypes.INTEGER, allowNull: false },
      issued: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      perMemberLimit: { type: DataTypes.INTEGER, allowNull: false },
      isClaimable: { type: DataTypes.BOOLEAN, allowNull: false },
      isNewMemberGift: { type: DataTypes.BOOLEAN, allowNull: false },
      perkLevelCode: { type: DataTypes.STRING(32), allowNull: true },
      returnsOnRefund: { type: DataTypes.BOOLEAN, allowNull: false },
      stacksWithPromotions: { type: DataTypes.BOOLEAN, allowNull: false },
      status: { type: DataTypes.STRING(8), allowNull: false },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'coupon_templates', underscored: true },
  );
  CouponHolding.init(
    {
      templateId: { type: DataTypes.INTEGER.UNSIGNED, primaryKey: true },
      memberId: { type: DataTypes.INTEGER.UNSIGNED, primaryKey: true },
      received: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    },
    { sequelize, tableName: 'coupon_holdings', underscored: true, timestamps: false },
  );
  MemberCoupon.init(
    {
      id: idAttribute(),
      templateId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      memberId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      source: { type: DataTypes.STRING(12), allowNull: false },
      sourceKey: { type: DataTypes.STRING(80), allowNull: false },
      sharerId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: true },
      status: { type: DataTypes.STRING(10), allowNull: false },
      startsAt: { type: DataTypes.DATE(3), allowNull: false },
      expiresAt: { type: DataTypes.DATE(3), allowNull: false },
      orderNo: { type: DataTypes.STRING(20), allowNull: true },
      usedAt: { type: DataTypes.DATE(3), allowNull: true },
      savingFen: nullableFen('savingFen'),
      orderPaidFen: nullableFen('orderPaidFen'),
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'member_coupons', underscored: true },
  );
}
