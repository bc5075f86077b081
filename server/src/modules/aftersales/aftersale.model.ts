import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { AftersaleKind, AftersaleStatus } from '@mall/shared';
import { fenAttribute, idAttribute, timestampAttributes } from '../../platform/db/columns';

export class AftersaleRequest extends Model<
  InferAttributes<AftersaleRequest>,
  InferCreationAttributes<AftersaleRequest>
> {
  declare id: CreationOptional<number>;
  declare aftersaleNo: string;
  declare orderNo: string;
  declare orderId: number;
  declare orderLineId: number;
  declare memberId: number;
  declare skuId: number;
  declare productName: string;
  declare kind: AftersaleKind;
  declare status: AftersaleStatus;
  declare quantity: number;
  declare refundFen: number;
  declare reason: string;
  declare description: string;
  declare photosJson: string;
  declare handler: CreationOptional<string | null>;
  declare rejectReason: CreationOptional<string | null>;
  declare returnCarrier: CreationOptional<string | null>;
  declare returnTrackingNo: CreationOptional<string | null>;
  declare reshipCarrier: CreationOptional<string | null>;
  declare reshipTrackingNo: CreationOptional<string | null>;
  /** The payment module's refund number, once a refund was asked for. */
  declare refundNo: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class AftersaleLog extends Model<InferAttributes<AftersaleLog>, InferCreationAttributes<AftersaleLog>> {
  declare id: CreationOptional<number>;
  declare requestId: number;
  declare fromStatus: AftersaleStatus | null;
  declare toStatus: AftersaleStatus;
  declare actor: string;
  declare note: string;
  declare createdAt: CreationOptional<Date>;
}

/** A photo a member uploaded for after-sales (the file lives in the media store; this row says whose it is). */
export class AftersalePhoto extends Model<InferAttributes<AftersalePhoto>, InferCreationAttributes<AftersalePhoto>> {
  declare id: CreationOptional<number>;
  declare memberId: number;
  declare url: string;
  declare contentType: string;
  declare bytes: number;
  declare createdAt: CreationOptional<Date>;
}

const text = (length: number, allowNull = true) => ({ type: DataTypes.STRING(length), allowNull });

export function initAftersaleModels(sequelize: Sequelize) {
  AftersaleRequest.init(
    {
      id: idAttribute(),
      aftersaleNo: text(32, false),
      orderNo: text(32, false),
      orderId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      orderLineId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      memberId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      skuId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      productName: text(120, false),
      kind: text(16, false),
      status: text(16, false),
      quantity: { type: DataTypes.INTEGER, allowNull: false },
      refundFen: fenAttribute('refundFen'),
      reason: text(24, false),
      description: { ...text(500, false), defaultValue: '' },
      photosJson: { type: DataTypes.TEXT, allowNull: false },
      handler: text(64),
      rejectReason: text(200),
      returnCarrier: text(32),
      returnTrackingNo: text(40),
      reshipCarrier: text(32),
      reshipTrackingNo: text(40),
      refundNo: text(40),
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'aftersale_requests', underscored: true },
  );
  AftersaleLog.init(
    {
      id: idAttribute(),
      requestId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      fromStatus: text(16),
      toStatus: text(16, false),
      actor: text(64, false),
      note: { ...text(200, false), defaultValue: '' },
      createdAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'aftersale_logs', underscored: true, updatedAt: false },
  );
  AftersalePhoto.init(
    {
      id: idAttribute(),
      memberId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      url: text(200, false),
      contentType: text(32, false),
      bytes: { type: DataTypes.INTEGER, allowNull: false },
      createdAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'aftersale_photos', underscored: true, updatedAt: false },
  );
}
