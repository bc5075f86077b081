import { QueryTypes } from 'sequelize';
import type { PlatformDeps } from '../../platform/deps';

export type TeamPeriodMeasure = 'sales' | 'new_members';

export interface TeamPeriodFigure {
  memberId: number;
  /** Team sales (paid minus refunded, fen, by the day each order was paid) or members who joined the team. */
  figure: number;
}

const COLUMN: Record<TeamPeriodMeasure, string> = { sales: 'team_sales_fen', new_members: 'team_new_members' };

/**
 * Every team's figure over Beijing days `fromDay`..`toDay` (inclusive), best first, ties by member id: one range
 * read of the per-day buckets the drain keeps (index on day), never a walk of a subtree. Teams at zero or below are
 * left out.
 */
export async function teamFiguresBetween(
  deps: Pick<PlatformDeps, 'sequelize'>,
  measure: TeamPeriodMeasure,
  fromDay: string,
  toDay: string,
): Promise<TeamPeriodFigure[]> {
  const column = COLUMN[measure];
  const rows = await deps.sequelize.query<{ memberId: number; figure: number | string }>(
    `SELECT member_id AS memberId, SUM(${column}) AS figure FROM team_daily_figures
     WHERE day >= ? AND day <= ? GROUP BY member_id HAVING SUM(${column}) > 0
     ORDER BY figure DESC, member_id ASC`,
    { replacements: [fromDay, toDay], type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({ memberId: Number(r.memberId), figure: Number(r.figure) }));
}
