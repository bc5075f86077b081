/** Team activity counts paid orders of the last 30 days (today included), by China day. */
export const ACTIVITY_WINDOW_DAYS = 30;
const CHINA_OFFSET_MS = 8 * 3_600_000;

export function dayKey(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

export function activityWindowStart(now: Date): string {
  return dayKey(new Date(now.getTime() - (ACTIVITY_WINDOW_DAYS - 1) * 86_400_000));
}

export function isActiveSince(lastPaidAt: Date | null, now: Date): boolean {
  return lastPaidAt !== null && dayKey(lastPaidAt) >= activityWindowStart(now);
}

/**
 * The first day a rebind moves a member's day buckets from: the activity window's, or the first day of the previous
 * China month when that is earlier. Rankings read periods (a month at most) from the buckets, and the period that
 * just ended stays open until its close a few minutes in: both must see the member under their new team.
 */
export function movedFiguresStart(now: Date): string {
  const today = dayKey(now);
  const [year, month] = today.split('-').map(Number) as [number, number];
  const previousMonth = month === 1 ? `${year - 1}-12-01` : `${year}-${String(month - 1).padStart(2, '0')}-01`;
  const window = activityWindowStart(now);
  return previousMonth < window ? previousMonth : window;
}
