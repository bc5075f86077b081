import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { ReportExportStatus } from '@mall/shared';
import type { ReportFormat, ReportKind } from '@mall/shared/admin';
import { idAttribute, timestampAttributes } from '../../platform/db/columns';

export class ReportExport extends Model<InferAttributes<ReportExport>, InferCreationAttributes<ReportExport>> {
  declare id: CreationOptional<number>;
  declare exportNo: string;
  declare adminId: number;
  declare adminName: string;
  declare requestId: string;
  declare report: ReportKind;
  declare format: ReportFormat;
  declare filtersJson: string;
  declare status: ReportExportStatus;
  declare progress: CreationOptional<number>;
  declare rowCount: CreationOptional<number>;
  declare fileName: CreationOptional<string | null>;
  declare error: CreationOptional<string | null>;
  declare finishedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initReportModels(sequelize: Sequelize) {
  ReportExport.init(
    {
      id: idAttribute(),
      exportNo: { type: DataTypes.STRING(24), allowNull: false },
      adminId: { type: DataTypes.INTEGER.UNSIGNED, allowNull: false },
      adminName: { type: DataTypes.STRING(64), allowNull: false },
      requestId: { type: DataTypes.STRING(64), allowNull: false },
      report: { type: DataTypes.STRING(32), allowNull: false },
      format: { type: DataTypes.STRING(8), allowNull: false },
      filtersJson: { type: DataTypes.STRING(500), allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      progress: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      rowCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      fileName: { type: DataTypes.STRING(120), allowNull: true },
      error: { type: DataTypes.STRING(300), allowNull: true },
      finishedAt: { type: DataTypes.DATE(3), allowNull: true },
      ...timestampAttributes(),
    },
    { sequelize, tableName: 'report_exports', underscored: true },
  );
}
