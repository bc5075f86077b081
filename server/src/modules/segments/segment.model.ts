import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { idAttribute, timestampAttributes } from '../../platform/db/columns';

/** A segment definition and the outcome of its last computation. */
export class Segment extends Model<InferAttributes<Segment>, InferCreationAttributes<Segment>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare description: string;
  /** SegmentRules (shared/src/contracts/segments-admin.ts) as JSON. */
  declare rulesJson: string;
  declare memberCount: CreationOptional<number | null>;
  declare computedAt: CreationOptional<Date | null>;
  declare requestedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** One member of a segment at its last computation. */
export class SegmentMember extends Model<InferAttributes<SegmentMember>, InferCreationAttributes<SegmentMember>> {
  declare segmentId: number;
  declare memberId: number;
  declare computedAt: Date;
}

export class MemberTag extends Model<InferAttributes<MemberTag>, InferCreationAttributes<MemberTag>> {
  declare memberId: number;
  declare tag: string;
  declare createdAt: CreationOptional<Date>;
}

export function initSegmentModels(sequelize: Sequelize) {
  Segment.init(
    {
      id: idAttribute(),
      name: { type: DataTypes.STRING(32), allowNull: false },
      description: { type: DataTypes.STRING(200), allowNull: false },
      rulesJson: { type: DataTypes.TEXT, allowNull: false },
      memberCount: { type: DataTypes.INTEGER, allowNull: true },
      computedAt: { type: DataTypes.DATE(3), allowNull: true },
      requestedAt: { type: DataTypes.DATE(3), allowNull: true },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'segments', underscored: true },
  );
  SegmentMember.init(
    {
      segmentId: { type: DataTypes.INTEGER.UNSIGNED, primaryKey: true },
      memberId: { type: DataTypes.INTEGER.UNSIGNED, primaryKey: true },
      computedAt: { type: DataTypes.DATE(3), allowNull: false },
    },
    { sequelize, tableName: 'segment_members', underscored: true, timestamps: false },
  );
  MemberTag.init(
    {
      memberId: { type: DataTypes.INTEGER.UNSIGNED, primaryKey: true },
      tag: { type: DataTypes.STRING(16), primaryKey: true },
      createdAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'member_tags', underscored: true, updatedAt: false },
  );
}
