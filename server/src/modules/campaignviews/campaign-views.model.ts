import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { CampaignKind } from '@mall/shared/admin';

/** Views of a campaign on a China day that came through a distributor's share (promoterId 0: no share). */
export class CampaignViewDay extends Model<InferAttributes<CampaignViewDay>, InferCreationAttributes<CampaignViewDay>> {
  declare kind: CampaignKind;
  declare campaignId: number;
  declare day: string;
  declare promoterId: number;
  declare views: number;
  declare updatedAt: CreationOptional<Date>;
}

/** A campaign's distinct viewers over its life (a HyperLogLog estimate from Redis). */
export class CampaignViewTotal extends Model<
  InferAttributes<CampaignViewTotal>,
  InferCreationAttributes<CampaignViewTotal>
> {
  declare kind: CampaignKind;
  declare campaignId: number;
  declare uniqueViewers: number;
  declare updatedAt: CreationOptional<Date>;
}

export function initCampaignViewModels(sequelize: Sequelize) {
  CampaignViewDay.init(
    {
      kind: { type: DataTypes.STRING(16), primaryKey: true },
      campaignId: { type: DataTypes.INTEGER.UNSIGNED, primaryKey: true },
      day: { type: DataTypes.STRING(10), primaryKey: true },
      promoterId: { type: DataTypes.INTEGER.UNSIGNED, primaryKey: true },
      views: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'campaign_view_days', underscored: true, createdAt: false },
  );
  CampaignViewTotal.init(
    {
      kind: { type: DataTypes.STRING(16), primaryKey: true },
      campaignId: { type: DataTypes.INTEGER.UNSIGNED, primaryKey: true },
      uniqueViewers: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'campaign_view_totals', underscored: true, createdAt: false },
  );
}
