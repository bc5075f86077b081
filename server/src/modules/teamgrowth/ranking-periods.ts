/**
 * Ranking periods in Beijing time (UTC+8, no daylight saving), like the rest of the code: a calendar month
 * (`2026-11`) or an ISO week, Monday to Sunday (`2026-W48`). Pure: the tests pin every edge.
 */
export type PeriodKind = 'monthly' | 'weekly';

export interface PeriodRange {
  period: string;
  /** The first and last Beijing day, inclusive (`YYYY-MM-DD`, as the team's day buckets are keyed). */
  fromDay: string;
  toDay: string;
  startsAt: Date;
  /** Exclusive: the first moment of the next period. */
  endsAt: Date;
}

const BEIJING_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');
/** A Beijing calendar day as a UTC midnight, so date arithmetic needs no time zone. */
const beijingDate = (at: Date) => {
  const d = new Date(at.getTime() + BEIJING_MS);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
};
const dayOf = (utcMidnight: Date) => utcMidnight.toISOString().slice(0, 10);
const instantOf = (utcMidnight: Date) => new Date(utcMidnight.getTime() - BEIJING_MS);

export const periodKindOf = (period: string): PeriodKind => (period.includes('W') ? 'weekly' : 'monthly');

function isoWeekOf(day: Date): { year: number; week: number } {
  const thursday = new Date(day.getTime() + (3 - ((day.getUTCDay() + 6) % 7)) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS));
  return { year, week };
}

function mondayOfIsoWeek(year: number, week: number): Date {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const week1Monday = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * DAY_MS;
  return new Date(week1Monday + (week - 1) * 7 * DAY_MS);
}

/** The period that holds this moment. */
export function periodAt(at: Date, kind: PeriodKind): string {
  const day = beijingDate(at);
  if (kind === 'monthly') return `${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}`;
  const { year, week } = isoWeekOf(day);
  return `${year}-W${pad(week)}`;
}

/** Where a period starts and ends. Throws on a malformed period (the contracts let none through). */
export function periodRange(period: string): PeriodRange {
  const weekly = /^(\d{4})-W(\d{2})$/.exec(period);
  const monthly = /^(\d{4})-(\d{2})$/.exec(period);
  let first: Date;
  let next: Date;
  if (weekly) {
    first = mondayOfIsoWeek(Number(weekly[1]), Number(weekly[2]));
    next = new Date(first.getTime() + 7 * DAY_MS);
  } else if (monthly) {
    first = new Date(Date.UTC(Number(monthly[1]), Number(monthly[2]) - 1, 1));
    next = new Date(Date.UTC(Number(monthly[1]), Number(monthly[2]), 1));
  } else {
    throw new Error(`not a ranking period: ${period}`);
  }
  return {
    period,
    fromDay: dayOf(first),
    toDay: dayOf(new Date(next.getTime() - DAY_MS)),
    startsAt: instantOf(first),
    endsAt: instantOf(next),
  };
}

export function previousPeriod(period: string): string {
  return periodAt(new Date(periodRange(period).startsAt.getTime() - 1), periodKindOf(period));
}

/** Has the period ended at this moment (so its ranking may be frozen)? */
export const isPeriodOver = (period: string, now: Date) => periodRange(period).endsAt.getTime() <= now.getTime();
