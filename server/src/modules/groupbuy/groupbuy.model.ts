import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { GroupbuyCampaignStatus, GroupbuyGroupStatus, GroupbuyMemberStatus } from '@mall/shared';
import { announceWrites } from '../../platform/cache/write-hooks';
import { fenAttribute, idAttribute, timestampAttributes } from '../../platform/db/columns';

/** Cache topic: campaign rows and their SKU prices (the member list and detail are cached per process). */
export const CAMPAIGNS_TOPIC = 'groupbuy-campaigns';

export class GroupbuyCampaign extends Model<
  InferAttributes<GroupbuyCampaign>,
  InferCreationAttributes<GroupbuyCampaign>
> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare productId: number;
  declare status: GroupbuyCampaignStatus;
  declare groupSize: number;
  declare timeLimitSeconds: number;
  declare perMemberLimit: number;
  declare allowFewer: boolean;
  declare startsAt: Date;
  declare endsAt: Date;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class GroupbuyCampaignSku extends Model<
  InferAttributes<GroupbuyCampaignSku>,
  InferCreationAttributes<GroupbuyCampaignSku>
> {
  declare id: CreationOptional<number>;
  declare campaignId: number;
  declare skuId: number;
  declare groupPriceFen: number;
}

export class GroupbuyGroup extends Model<InferAttributes<GroupbuyGroup>, InferCreationAttributes<GroupbuyGroup>> {
  declare id: CreationOptional<number>;
  declare campaignId: number;
  declare leaderMemberId: number;
  declare status: GroupbuyGroupStatus;
  declare groupSize: number;
  declare timeLimitSeconds: number;
  declare allowFewer: boolean;
  declare paidCount: CreationOptional<number>;
  declare expiresAt: Date | null;
  declare completedAt: Date | null;
  declare closedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class GroupbuyMember extends Model<InferAttributes<GroupbuyMember>, InferCreationAttributes<GroupbuyMember>> {
  declare id: CreationOptional<number>;
  declare groupId: number;
  declare campaignId: number;
  declare memberId: number;
  declare orderId: number;
  declare orderNo: string;
  declare isLeader: boolean;
  declare quantity: number;
  declare status: GroupbuyMemberStatus;
  declare paidFen: CreationOptional<number>;
  declare paidAt: Date | null;
  declare refundNo: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class GroupbuyQuota extends Model<InferAttributes<GroupbuyQuota>, InferCreationAttributes<GroupbuyQuota>> {
  declare campaignId: number;
  declare memberId: number;
  declare units: number;
}

export function initGroupbuyModels(sequelize: Sequelize) {
  GroupbuyCampaign.init(
    {
      id: idAttribute(),
      name: { type: DataTypes.STRING(60), allowNull: false },
      productId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      groupSize: { type: DataTypes.INTEGER, allowNull: false },
      timeLimitSeconds: { type: DataTypes.INTEGER, allowNull: false },
      perMemberLimit: { type: DataTypes.INTEGER, allowNull: false },
      allowFewer: { type: DataTypes.BOOLEAN, allowNull: false },
      startsAt: { type: DataTypes.DATE(3), allowNull: false },
      endsAt: { type: DataTypes.DATE(3), allowNull: false },
      ...timestampAttributes(),
    },
    {
      sequelize,
      tableName: 'groupbuy_campaigns',
      underscored: true,
      hooks: announceWrites<GroupbuyCampaign>(CAMPAIGNS_TOPIC, (c) => c.id),
    },
  );
  GroupbuyCampaignSku.init(
    {
      id: idAttribute(),
      campaignId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      skuId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      groupPriceFen: fenAttribute('groupPriceFen'),
    },
    {
      sequelize,
      tableName: 'groupbuy_campaign_skus',
      underscored: true,
      timestamps: false,
      hooks: announceWrites<GroupbuyCampaignSku>(CAMPAIGNS_TOPIC, (s) => s.campaignId),
    },
  );
  GroupbuyGroup.init(
    {
      id: idAttribute(),
      campaignId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      leaderMemberId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      groupSize: { type: DataTypes.INTEGER, allowNull: false },
      timeLimitSeconds: { type: DataTypes.INTEGER, allowNull: false },
      allowFewer: { type: DataTypes.BOOLEAN, allowNull: false },
      paidCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      expiresAt: { type: DataTypes.DATE(3), allowNull: true },
      completedAt: { type: DataTypes.DATE(3), allowNull: true },
      closedAt: { type: DataTypes.DATE(3), allowNull: true },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'groupbuy_groups', underscored: true },
  );
  GroupbuyMember.init(
    {
      id: idAttribute(),
      groupId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      campaignId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      memberId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      orderId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      orderNo: { type: DataTypes.STRING(32), allowNull: false },
      isLeader: { type: DataTypes.BOOLEAN, allowNull: false },
      quantity: { type: DataTypes.INTEGER, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      paidFen: { ...fenAttribute('paidFen'), defaultValue: 0 },
      paidAt: { type: DataTypes.DATE(3), allowNull: true },
      refundNo: { type: DataTypes.STRING(40), allowNull: true },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'groupbuy_members', underscored: true },
  );
  GroupbuyQuota.init(
    {
      campaignId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false, primaryKey: true },
      memberId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false, primaryKey: true },
      units: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    },
    { sequelize, tableName: 'groupbuy_quotas', underscored: true, timestamps: false },
  );
}
