import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { Channel, PriceRuleKind } from '@mall/shared';
import { announceWrites } from '../../platform/cache/write-hooks';
import { idAttribute, timestampAttributes } from '../../platform/db/columns';

/** Announced after every committed write to price_rules: every process drops its copy of the rules. */
export const PRICE_RULES_TOPIC = 'pricing.rules';

/** One level, channel or special (time-limited) price for a product (skuId null) or one of its SKUs. */
export class PriceRuleRow extends Model<InferAttributes<PriceRuleRow>, InferCreationAttributes<PriceRuleRow>> {
  declare id: CreationOptional<number>;
  declare kind: PriceRuleKind;
  declare productId: number;
  declare skuId: number | null;
  declare levelCode: string | null;
  declare channel: Channel | null;
  declare fixedPriceFen: number | null;
  declare discountBps: number | null;
  declare startsAt: Date | null;
  declare endsAt: Date | null;
  declare label: string | null;
  /** What makes two rules the same rule (unique): kind, product, SKU, level or channel, and a special price's window. */
  declare scopeKey: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initPricingModels(sequelize: Sequelize) {
  PriceRuleRow.init(
    {
      id: idAttribute(),
      kind: { type: DataTypes.STRING(16), allowNull: false },
      productId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      skuId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: true },
      levelCode: { type: DataTypes.STRING(16), allowNull: true },
      channel: { type: DataTypes.STRING(16), allowNull: true },
      fixedPriceFen: {
        type: DataTypes.BIGINT,
        allowNull: true,
        get(this: PriceRuleRow): number | null {
          const value = this.getDataValue('fixedPriceFen');
          return value === null ? null : Number(value);
        },
      },
      discountBps: { type: DataTypes.INTEGER, allowNull: true },
      startsAt: { type: DataTypes.DATE(3), allowNull: true },
      endsAt: { type: DataTypes.DATE(3), allowNull: true },
      label: { type: DataTypes.STRING(16), allowNull: true },
      scopeKey: { type: DataTypes.STRING(120), allowNull: false },
      ...timestampAttributes(),
    },
    {
      sequelize,
      tableName: 'price_rules',
      underscored: true,
      hooks: announceWrites<PriceRuleRow>(PRICE_RULES_TOPIC, (r) => r.productId),
    },
  );
}
