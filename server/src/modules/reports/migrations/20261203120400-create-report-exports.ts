import { idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Finance report exports (issue 11): one row per (admin, request id), so a double click makes one export; the
 * file itself lies under the data dir, named by the export number.
 */
export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  await qi.createTable('report_exports', {
    id: idColumn,
    export_no: { type: DataTypes.STRING(24), allowNull: false },
    admin_id: refColumn(),
    admin_name: { type: DataTypes.STRING(64), allowNull: false },
    request_id: { type: DataTypes.STRING(64), allowNull: false },
    report: { type: DataTypes.STRING(32), allowNull: false },
    format: { type: DataTypes.STRING(8), allowNull: false },
    filters_json: { type: DataTypes.STRING(500), allowNull: false },
    status: { type: DataTypes.STRING(16), allowNull: false },
    progress: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    row_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    file_name: { type: DataTypes.STRING(120), allowNull: true },
    error: { type: DataTypes.STRING(300), allowNull: true },
    finished_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestampColumns(),
  });
  await qi.addIndex('report_exports', ['export_no'], { unique: true, name: 'report_exports_export_no' });
  await qi.addIndex('report_exports', ['admin_id', 'request_id'], { unique: true, name: 'report_exports_request' });
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('report_exports');
}
