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

export class ShareLink extends Model<InferAttributes<ShareLink>, InferCreationAttributes<ShareLink>> {
  declare id: CreationOptional<number>;
  declare shareId: string;
  declare memberId: number;
  declare channel: ShareChannel;
  declare page: string;
  declare productId: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class ShareOpen extends Model<InferAttributes<ShareOpen>, InferCreationAttributes<ShareOpen>> {
  declare id: CreationOptional<number>;
  declare promoterId: number;
  declare shareKey: string;
  declare visitorId: string;
  declare day: string;
  declare createdAt: CreationOptional<Date>;
}

export type AttributionKind = 'new_member' | 'order_paid' | 'order_refunded';

export class ShareAttribution extends Model<
  InferAttributes<ShareAttribution>,
  InferCreationAttributes<ShareAttribution>
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

export function initSharingModels(sequelize: Sequelize) {
  ShareLink.init(
    {
      id: idAttribute(),
      shareId: { type: DataTypes.STRING(10), allowNull: false },
      memberId: ref(),
      channel: { type: DataTypes.STRING(16), allowNull: false },
      page: { type: DataTypes.STRING(64), allowNull: false },
      productId: ref(true),
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'share_links', underscored: true },
  );
  ShareOpen.init(
    {
      id: idAttribute(),
      promoterId: ref(),
      shareKey: { type: DataTypes.STRING(10), allowNull: false },
      visitorId: { type: DataTypes.STRING(64), allowNull: false },
      day: day(),
      createdAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'share_opens', underscored: true, updatedAt: false },
  );
  ShareAttribution.init(
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
    { sequelize, tableName: 'share_attributions', underscored: true },
  );
}
