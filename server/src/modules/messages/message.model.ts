import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { SubscribeDeliveryStatus } from '@mall/shared';
import { idAttribute } from '../../platform/db/columns';

export class TeamNotice extends Model<InferAttributes<TeamNotice>, InferCreationAttributes<TeamNotice>> {
  declare id: CreationOptional<number>;
  declare senderId: number;
  declare title: string;
  declare body: string;
  declare recipientCount: number;
  /** Chosen recipients (JSON array of member ids); null: the sender's team, two levels, read at fan-out. */
  declare recipientIdsJson: CreationOptional<string | null>;
  declare fannedOutAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export type MessageKind = 'team_notice' | 'system';

export class Message extends Model<InferAttributes<Message>, InferCreationAttributes<Message>> {
  declare id: CreationOptional<number>;
  declare memberId: number;
  declare kind: MessageKind;
  declare title: string;
  declare body: string;
  declare senderName: string | null;
  declare noticeId: number | null;
  declare readAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class SubscribeGrant extends Model<InferAttributes<SubscribeGrant>, InferCreationAttributes<SubscribeGrant>> {
  declare id: CreationOptional<number>;
  declare memberId: number;
  declare templateId: string;
  declare remaining: number;
  declare refusedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class SubscribeDelivery extends Model<
  InferAttributes<SubscribeDelivery>,
  InferCreationAttributes<SubscribeDelivery>
> {
  declare id: CreationOptional<number>;
  declare noticeId: number;
  declare memberId: number;
  declare templateId: string;
  declare status: SubscribeDeliveryStatus;
  declare errcode: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

const ref = (allowNull = false) => ({ type: DataTypes.INTEGER.UNSIGNED, allowNull });
const stamps = () => ({ createdAt: DataTypes.DATE(3), updatedAt: DataTypes.DATE(3) });
const opts = (sequelize: Sequelize, tableName: string) => ({ sequelize, tableName, underscored: true });

export function initMessageModels(sequelize: Sequelize) {
  TeamNotice.init(
    {
      id: idAttribute(),
      senderId: ref(),
      title: { type: DataTypes.STRING(40), allowNull: false },
      body: { type: DataTypes.STRING(400), allowNull: false },
      recipientCount: { type: DataTypes.INTEGER, allowNull: false },
      recipientIdsJson: { type: DataTypes.TEXT('medium'), allowNull: true },
      fannedOutAt: { type: DataTypes.DATE(3), allowNull: true },
      ...stamps(),
    },
    opts(sequelize, 'team_notices'),
  );
  Message.init(
    {
      id: idAttribute(),
      memberId: ref(),
      kind: { type: DataTypes.STRING(16), allowNull: false },
      title: { type: DataTypes.STRING(40), allowNull: false },
      body: { type: DataTypes.STRING(400), allowNull: false },
      senderName: { type: DataTypes.STRING(64), allowNull: true },
      noticeId: ref(true),
      readAt: { type: DataTypes.DATE(3), allowNull: true },
      ...stamps(),
    },
    opts(sequelize, 'messages'),
  );
  SubscribeGrant.init(
    {
      id: idAttribute(),
      memberId: ref(),
      templateId: { type: DataTypes.STRING(64), allowNull: false },
      remaining: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      refusedAt: { type: DataTypes.DATE(3), allowNull: true },
      ...stamps(),
    },
    opts(sequelize, 'subscribe_grants'),
  );
  SubscribeDelivery.init(
    {
      id: idAttribute(),
      noticeId: ref(),
      memberId: ref(),
      templateId: { type: DataTypes.STRING(64), allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      errcode: { type: DataTypes.INTEGER, allowNull: true },
      ...stamps(),
    },
    opts(sequelize, 'subscribe_deliveries'),
  );
}
