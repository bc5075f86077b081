import { QueryTypes } from 'sequelize';
import type { MigrationContext } from '../../../platform/db/migrate';
import { dayKey } from '../team-time';
import { ancestorsOf } from '../tree-path';

/** Recent joins are counted back this far, so the ranking of the open and the last period start complete. */
const BACKFILL_DAYS = 62;

/**
 * New team members per ancestor and Beijing day (team growth rankings, issue 11), beside the day's team sales; an
 * index on (day, member) serves a period's totals of every team at once.
 */
export async function up({ queryInterface: qi, sequelize, DataTypes }: MigrationContext) {
  await qi.addColumn('team_daily_figures', 'team_new_members', {
    type: DataTypes.INTEGER,
    allowNull: false,
    defaultValue: 0,
  });
  await qi.addIndex('team_daily_figures', ['day', 'member_id'], { name: 'team_daily_figures_day' });
  const since = new Date(Date.now() - BACKFILL_DAYS * 86_400_000);
  const joined = await sequelize.query<{ ancestor_path: string; bound_at: Date | string }>(
    'SELECT ancestor_path, bound_at FROM team_nodes WHERE referrer_id IS NOT NULL AND bound_at >= ?',
    { replacements: [since], type: QueryTypes.SELECT },
  );
  const counts = new Map<string, number>();
  for (const n of joined) {
    const day = dayKey(new Date(n.bound_at));
    for (const a of ancestorsOf(n.ancestor_path)) counts.set(`${a}|${day}`, (counts.get(`${a}|${day}`) ?? 0) + 1);
  }
  for (const [key, n] of counts) {
    const [memberId, day] = key.split('|');
    const [[row]] = (await sequelize.query('SELECT 1 AS x FROM team_daily_figures WHERE member_id = ? AND day = ?', {
      replacements: [Number(memberId), day],
    })) as [unknown[], unknown];
    if (row)
      await sequelize.query('UPDATE team_daily_figures SET team_new_members = ? WHERE member_id = ? AND day = ?', {
        replacements: [n, Number(memberId), day],
      });
    else
      await sequelize.query(
        `INSERT INTO team_daily_figures (member_id, day, team_sales_fen, team_order_count, own_sales_fen,
         own_order_count, team_new_members) VALUES (?, ?, 0, 0, 0, 0, ?)`,
        { replacements: [Number(memberId), day, n] },
      );
  }
}

/**
 * Plain DROP COLUMN (MySQL, and SQLite since 3.35): Sequelize's SQLite removeColumn rebuilds the table and, with this
 * table's two-column primary key, makes `day` alone unique, which the rows break.
 */
export async function down({ queryInterface: qi, sequelize }: MigrationContext) {
  await qi.removeIndex('team_daily_figures', 'team_daily_figures_day');
  await sequelize.query('ALTER TABLE team_daily_figures DROP COLUMN team_new_members');
}
