import { idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Fund-risk alerts (issue 11, 资金风控): raised when a withdrawal is requested (large amount, high frequency, soon
 * after joining, a bank card or phone shared with other members, a commission spike against the member's history),
 * one per (withdrawal, kind). An open alert holds its withdrawal: it cannot be approved until finance resolves the
 * alert with a note. The detail holds figures and member ids, never a card or phone number.
 */
export async function up({ queryInterface: qi, DataTypes }: MigrationContext) {
  await qi.createTable('risk_alerts', {
    id: idColumn,
    member_id: refColumn(),
    withdrawal_id: refColumn(true),
    kind: { type: DataTypes.STRING(24), allowNull: false },
    status: { type: DataTypes.STRING(12), allowNull: false },
    detail_json: { type: DataTypes.STRING(1000), allowNull: false },
    resolved_by: { type: DataTypes.STRING(64), allowNull: true },
    resolved_at: { type: DataTypes.DATE(3), allowNull: true },
    note: { type: DataTypes.STRING(200), allowNull: true },
    ...timestampColumns(),
  });
  await qi.addIndex('risk_alerts', ['withdrawal_id', 'kind'], { unique: true });
  await qi.addIndex('risk_alerts', ['status', 'id']);
  await qi.addIndex('risk_alerts', ['member_id', 'id']);
}

export async function down({ queryInterface: qi }: MigrationContext) {
  await qi.dropTable('risk_alerts');
}
