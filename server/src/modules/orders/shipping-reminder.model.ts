import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { idAttribute } from '../../platform/db/columns';

/** One 提醒发货 of a paid order by its member (order_shipping_reminders). */
export class OrderShippingReminder extends Model<
  InferAttributes<OrderShippingReminder>,
  InferCreationAttributes<OrderShippingReminder>
> {
  declare id: CreationOptional<number>;
  declare orderId: number;
  declare memberId: number;
  declare createdAt: Date;
}

export function initShippingReminderModels(sequelize: Sequelize) {
  OrderShippingReminder.init(
    {
      id: idAttribute(),
      orderId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      memberId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      createdAt: { type: DataTypes.DATE(3), allowNull: false },
    },
    { sequelize, tableName: 'order_shipping_reminders', underscored: true, updatedAt: false },
  );
}
