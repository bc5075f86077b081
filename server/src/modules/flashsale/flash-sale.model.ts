import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { FlashGrabStatus, FlashSessionStatus } from '@mall/shared';
import { fenAttribute, idAttribute, timestampAttributes } from '../../platform/db/columns';

export class FlashSession extends Model<InferAttributes<FlashSession>, InferCreationAttributes<FlashSession>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare startsAt: Date;
  declare endsAt: Date;
  declare status: FlashSessionStatus;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class FlashItem extends Model<InferAttributes<FlashItem>, InferCreationAttributes<FlashItem>> {
  declare id: CreationOptional<number>;
  declare sessionId: number;
  declare skuId: number;
  declare productId: number;
  declare flashPriceFen: number;
  declare stock: number;
  declare perMemberLimit: number;
  /** Units in orders not cancelled: the truth Redis is rebuilt from. */
  declare sold: CreationOptional<number>;
  declare soldOutAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** A grab the flash queue decided: ordered (then maybe released) or failed. Queued grabs live only in Redis. */
export class FlashGrab extends Model<InferAttributes<FlashGrab>, InferCreationAttributes<FlashGrab>> {
  declare id: CreationOptional<number>;
  declare ticket: string;
  declare sessionId: number;
  declare itemId: number;
  declare memberId: number;
  declare quantity: number;
  declare status: Exclude<FlashGrabStatus, 'queued'>;
  declare orderNo: string | null;
  declare failCode: string | null;
  declare paidFen: CreationOptional<number | null>;
  declare paidAt: CreationOptional<Date | null>;
  declare releasedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

const count = () => ({ type: DataTypes.INTEGER.UNSIGNED, allowNull: false });

export function initFlashSaleModels(sequelize: Sequelize) {
  FlashSession.init(
    {
      id: idAttribute(),
      name: { type: DataTypes.STRING(60), allowNull: false },
      startsAt: { type: DataTypes.DATE(3), allowNull: false },
      endsAt: { type: DataTypes.DATE(3), allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'flash_sessions', underscored: true },
  );
  FlashItem.init(
    {
      id: idAttribute(),
      sessionId: count(),
      skuId: count(),
      productId: count(),
      flashPriceFen: fenAttribute('flashPriceFen'),
      stock: count(),
      perMemberLimit: count(),
      sold: { ...count(), defaultValue: 0 },
      soldOutAt: { type: DataTypes.DATE(3), allowNull: true },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'flash_items', underscored: true },
  );
  FlashGrab.init(
    {
      id: idAttribute(),
      ticket: { type: DataTypes.STRING(34), allowNull: false },
      sessionId: count(),
      itemId: count(),
      memberId: count(),
      quantity: count(),
      status: { type: DataTypes.STRING(16), allowNull: false },
      orderNo: { type: DataTypes.STRING(32), allowNull: true },
      failCode: { type: DataTypes.STRING(64), allowNull: true },
      paidFen: {
        type: DataTypes.BIGINT,
        allowNull: true,
        get(this: Model): number | null {
          const value: unknown = this.getDataValue('paidFen' as never);
          return value === null || value === undefined ? null : Number(value);
        },
      },
      paidAt: { type: DataTypes.DATE(3), allowNull: true },
      releasedAt: { type: DataTypes.DATE(3), allowNull: true },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'flash_grabs', underscored: true },
  );
}
