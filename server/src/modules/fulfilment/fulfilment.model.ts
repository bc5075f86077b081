import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { ShipmentStatus, ShippingUploadStatus, WarehouseHandoffStatus } from '@mall/shared';
import { idAttribute, timestampAttributes } from '../../platform/db/columns';

export class Shipment extends Model<InferAttributes<Shipment>, InferCreationAttributes<Shipment>> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare orderNo: string;
  declare memberId: number;
  declare carrierCode: string;
  declare trackingNo: string;
  declare status: ShipmentStatus;
  /** Set on an exchange's replacement parcel: the after-sales request it carries the goods of. */
  declare aftersaleNo: CreationOptional<string | null>;
  declare receiverPhoneMasked: string;
  declare shippedBy: string;
  declare shippedAt: Date;
  declare deliveredAt: CreationOptional<Date | null>;
  declare pollCount: CreationOptional<number>;
  declare lastPolledAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class ShipmentLine extends Model<InferAttributes<ShipmentLine>, InferCreationAttributes<ShipmentLine>> {
  declare id: CreationOptional<number>;
  declare shipmentId: number;
  declare orderId: number;
  declare orderLineId: number;
  declare productName: string;
  declare quantity: number;
}

export class TrackingEvent extends Model<InferAttributes<TrackingEvent>, InferCreationAttributes<TrackingEvent>> {
  declare id: CreationOptional<number>;
  declare shipmentId: number;
  declare eventTime: Date;
  declare context: string;
  declare contextHash: string;
  declare location: string | null;
  declare status: ShipmentStatus | null;
  declare createdAt: CreationOptional<Date>;
}

export class ShippingUpload extends Model<InferAttributes<ShippingUpload>, InferCreationAttributes<ShippingUpload>> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare orderNo: string;
  declare status: ShippingUploadStatus;
  declare requestJson: string;
  declare attempts: CreationOptional<number>;
  declare lastError: CreationOptional<string | null>;
  declare uploadedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class WarehouseHandoff extends Model<
  InferAttributes<WarehouseHandoff>,
  InferCreationAttributes<WarehouseHandoff>
> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare orderNo: string;
  declare status: WarehouseHandoffStatus;
  declare attempts: CreationOptional<number>;
  declare lastError: CreationOptional<string | null>;
  declare sentAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

const ref = () => ({ type: DataTypes.INTEGER.UNSIGNED, allowNull: false });

export function initFulfilmentModels(sequelize: Sequelize) {
  Shipment.init(
    {
      id: idAttribute(),
      orderId: ref(),
      orderNo: { type: DataTypes.STRING(32), allowNull: false },
      memberId: ref(),
      carrierCode: { type: DataTypes.STRING(20), allowNull: false },
      trackingNo: { type: DataTypes.STRING(32), allowNull: false },
      status: { type: DataTypes.STRING(20), allowNull: false },
      aftersaleNo: { type: DataTypes.STRING(32), allowNull: true },
      receiverPhoneMasked: { type: DataTypes.STRING(16), allowNull: false, defaultValue: '' },
      shippedBy: { type: DataTypes.STRING(64), allowNull: false },
      shippedAt: { type: DataTypes.DATE(3), allowNull: false },
      deliveredAt: { type: DataTypes.DATE(3), allowNull: true },
      pollCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      lastPolledAt: { type: DataTypes.DATE(3), allowNull: true },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'shipments', underscored: true },
  );
  ShipmentLine.init(
    {
      id: idAttribute(),
      shipmentId: ref(),
      orderId: ref(),
      orderLineId: ref(),
      productName: { type: DataTypes.STRING(120), allowNull: false },
      quantity: { type: DataTypes.INTEGER, allowNull: false },
    },
    { sequelize, tableName: 'shipment_lines', underscored: true, timestamps: false },
  );
  TrackingEvent.init(
    {
      id: idAttribute(),
      shipmentId: ref(),
      eventTime: { type: DataTypes.DATE(3), allowNull: false },
      context: { type: DataTypes.STRING(500), allowNull: false },
      contextHash: { type: DataTypes.CHAR(40), allowNull: false },
      location: { type: DataTypes.STRING(100), allowNull: true },
      status: { type: DataTypes.STRING(20), allowNull: true },
      createdAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'tracking_events', underscored: true, updatedAt: false },
  );
  ShippingUpload.init(
    {
      id: idAttribute(),
      orderId: ref(),
      orderNo: { type: DataTypes.STRING(32), allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      requestJson: { type: DataTypes.TEXT, allowNull: false },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      lastError: { type: DataTypes.STRING(300), allowNull: true },
      uploadedAt: { type: DataTypes.DATE(3), allowNull: true },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'shipping_uploads', underscored: true },
  );
  WarehouseHandoff.init(
    {
      id: idAttribute(),
      orderId: ref(),
      orderNo: { type: DataTypes.STRING(32), allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      lastError: { type: DataTypes.STRING(300), allowNull: true },
      sentAt: { type: DataTypes.DATE(3), allowNull: true },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'warehouse_handoffs', underscored: true },
  );
}
