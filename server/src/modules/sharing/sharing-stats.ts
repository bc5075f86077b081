import type { Sequelize } from 'sequelize';
import type { SharingDay, SharingTotals } from '@mall/shared';
import { ValidationError } from '../../platform/errors';
import { membersBelow } from '../team';
import { addDays, dayOf, emptyTotals, sumDailyStats } from './daily-stats';

const MAX_RANGE_DAYS = 366;
const DEFAULT_RANGE_DAYS = 30;

export interface DayRange {
  from: string;
  to: string;
}

/** Defaults to the last 30 days; a reversed or over-long range is refused before anything is read. */
export function resolveRange(query: { from?: string; to?: string }, now = new Date()): DayRange {
  const to = query.to ?? dayOf(now);
  const from = query.from ?? addDays(to, 1 - DEFAULT_RANGE_DAYS);
  if (Number.isNaN(Date.parse(from))) throw new ValidationError('from is not a date', 'from');
  if (Number.isNaN(Date.parse(to))) throw new ValidationError('to is not a date', 'to');
  if (from > to) throw new ValidationError('from is after to', 'from', 'RANGE_REVERSED');
  if (Date.parse(to) - Date.parse(from) > (MAX_RANGE_DAYS - 1) * 86_400_000)
    throw new ValidationError(`a range covers at most ${MAX_RANGE_DAYS} days`, 'from', 'RANGE_TOO_LONG');
  return { from, to };
}

function totalsSince(byDay: SharingDay[], from: string): SharingTotals {
  const totals = emptyTotals();
  for (const day of byDay.filter((d) => d.day >= from))
    for (const key of Object.keys(totals) as (keyof SharingTotals)[]) totals[key] += day[key];
  return totals;
}

/** A promoter's own figures: today, the last 7 and 30 days (today included), and the 30 days one by one. */
export async function mySharingStats(sequelize: Sequelize, memberId: number, now = new Date()) {
  const today = dayOf(now);
  const { byDay } = await sumDailyStats(sequelize, [memberId], addDays(today, -29), today);
  return {
    today: totalsSince(byDay, today),
    last7Days: totalsSince(byDay, addDays(today, -6)),
    last30Days: totalsSince(byDay, addDays(today, -29)),
    byDay,
  };
}

/** A promoter and their two levels (from the team module's tree): whose figures a team's figures add up. */
export async function teamOf(memberId: number): Promise<number[]> {
  const [direct, second] = await membersBelow(memberId, 2);
  return [memberId, ...direct, ...second];
}
