import { addCheck, idColumn, refColumn, timestampColumns } from '../../../platform/db/columns';
import type { MigrationContext } from '../../../platform/db/migrate';

/**
 * Team training sessions (issue 11, 团队培训): a leader's session for their team, and the members' sign-ups.
 * signed_up_count is the seats taken (signed up, attended or absent); a sign-up takes one by a conditional
 * `signed_up_count = signed_up_count + 1 WHERE signed_up_count < capacity` in its transaction, and the CHECK has the
 * last word. A member signs up for a session once (unique session_id + member_id): signing up again after
 * cancelling reuses the row.
 */
export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  await qi.createTable('team_sessions', {
    id: idColumn,
    leader_id: refColumn(),
    title: { type: DataTypes.STRING(30), allowNull: false },
    description: { type: DataTypes.TEXT, allowNull: false },
    starts_at: { type: DataTypes.DATE(3), allowNull: false },
    ends_at: { type: DataTypes.DATE(3), allowNull: false },
    signup_deadline: { type: DataTypes.DATE(3), allowNull: false },
    place: { type: DataTypes.STRING(120), allowNull: true },
    online_url: { type: DataTypes.STRING(300), allowNull: true },
    capacity: { type: DataTypes.INTEGER, allowNull: true },
    audience: { type: DataTypes.STRING(8), allowNull: false },
    status: { type: DataTypes.STRING(12), allowNull: false },
    signed_up_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    cancel_reason: { type: DataTypes.STRING(200), allowNull: true },
    cancelled_by: { type: DataTypes.STRING(80), allowNull: true },
    cancelled_at: { type: DataTypes.DATE(3), allowNull: true },
    finished_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestampColumns(),
  });
  await qi.addIndex('team_sessions', ['leader_id', 'id']);
  await qi.addIndex('team_sessions', ['status', 'ends_at']);
  await addCheck(
    qi,
    sequelize,
    'team_sessions',
    'team_sessions_seats',
    'signed_up_count >= 0 AND (capacity IS NULL OR signed_up_count <= capacity)',
  );

  await qi.createTable('team_session_signups', {
    id: idColumn,
    session_id: refColumn(),
    member_id: refColumn(),
    /** 1: the leader's direct member, 2: second level, when they signed up. */
    level: { type: DataTypes.TINYINT, allowNull: false },
    status: { type: DataTypes.STRING(12), allowNull: false },
    signed_up_at: { type: DataTypes.DATE(3), allowNull: false },
    cancelled_at: { type: DataTypes.DATE(3), allowNull: true },
    marked_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestampColumns(),
  });
  await qi.addIndex('team_session_signups', ['session_id', 'member_id'], {
    unique: true,
    name: 'team_session_signups_once',
  });
  await qi.addIndex('team_session_signups', ['member_id', 'id']);
}

export async function down({ queryInterface: qi }: MigrationContext) {
  for (const table of ['team_session_signups', 'team_sessions']) await qi.dropTable(table);
}
