/** Report periods in Beijing calendar days (China has one zone and no daylight saving: UTC+8). */
const DAY_MS = 86_400_000;

/** [from 00:00, the day after `to` 00:00) Beijing time, as instants. */
export function rangeOf(f: { from: string; to: string }): { from: Date; to: Date } {
  return {
    from: new Date(`${f.from}T00:00:00+08:00`),
    to: new Date(new Date(`${f.to}T00:00:00+08:00`).getTime() + DAY_MS),
  };
}

export const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** Every day from `from` to `to`, inclusive. */
export function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
}

/** The first and last day of the settlement cycle holding `day`: a calendar month, or a week from Monday. */
export function cycleOf(day: string, cycle: 'weekly' | 'monthly'): { start: string; end: string } {
  if (cycle === 'monthly') {
    const start = `${day.slice(0, 7)}-01`;
    const next = new Date(Date.parse(`${start}T00:00:00Z`));
    next.setUTCMonth(next.getUTCMonth() + 1);
    return { start, end: addDays(next.toISOString().slice(0, 10), -1) };
  }
  const sinceMonday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  const start = addDays(day, -sinceMonday);
  return { start, end: addDays(start, 6) };
}
