import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { ShareChannel } from '@mall/shared';
import { fenAttribute, idAttribute, timestampAttributes } from '../../platform/db/columns';

export class PromotionShare extends Model<InferAttributes<PromotionShare>, InferCreationAttributes<PromotionShare>> {
  declare id: CreationOptional<number>;
  declare shareId: string;
  declare memberId: number;
  declare channel: ShareChannel;
  declare page: string;
  declare productId: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class PromotionOpen extends Model<InferAttributes<PromotionOpen>, InferCreationAttributes<PromotionOpen>> {
  declare id: CreationOptional<number>;
  declare promoterId: number;
  declare shareKey: string;
  declare visitorId: string;
  declare day: string;
  declare createdAt: CreationOptional<Date>;
}

export type AttributionKind = 'new_member' | 'order_paid' | 'order_refunded';

export class PromotionAttribution extends Model<
  InferAttributes<PromotionAttribution>,
  InferCreationAttributes<PromotionAttribution>
> {
  declare id: CreationOptional<number>;
  declare promoterId: number;
  declare kind: AttributionKind;
  declare subjectKey: string;
  declare memberId: number;
  declare orderId: number | null;
  declare amountFen: number;
  declare day: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

const ref = (allowNull = false) => ({ type: DataTypes.INTEGER.UNSIGNED, allowNull });
const day = () => ({ type: DataTypes.STRING(10), allowNull: false });

export function initPromotionModels(sequelize: Sequelize) {
  PromotionShare.init(
    {
      id: idAttribute(),
      shareId: { type: DataTypes.STRING(10), allowNull: false },
      memberId: ref(),
      channel: { type: DataTypes.STRING(16), allowNull: false },
      page: { type: DataTypes.STRING(64), allowNull: false },
      productId: ref(true),
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'promotion_shares', underscored: true },
  );
  PromotionOpen.init(
    {
      id: idAttribute(),
      promoterId: ref(),
      shareKey: { type: DataTypes.STRING(10), allowNull: false },
      visitorId: { type: DataTypes.STRING(64), allowNull: false },
      day: day(),
      createdAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'promotion_opens', underscored: true, updatedAt: false },
  );
  PromotionAttribution.init(
    {
      id: idAttribute(),
      promoterId: ref(),
      kind: { type: DataTypes.STRING(16), allowNull: false },
      subjectKey: { type: DataTypes.STRING(64), allowNull: false },
      memberId: ref(),
      orderId: ref(true),
      amountFen: { ...fenAttribute('amountFen'), defaultValue: 0 },
      day: day(),
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'promotion_attributions', underscored: true },
  );
}
