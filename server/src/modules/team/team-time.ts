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
