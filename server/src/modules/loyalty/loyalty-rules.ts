/**
 * Pure rules of levels and points: what a member qualifies for, what the next level still needs, how many points
 * an order earns and when a lot expires. Table-tested in loyalty-rules.test.ts.
 */

const DAY_MS = 86_400_000;
/** China has one time zone and no daylight saving: a calendar day in Asia/Shanghai is UTC+8. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export interface LevelRule {
  code: string;
  name: string;
  rank: number;
  minSpendFen: number;
  minDirectReferrals: number | null;
  activeWithinDays: number | null;
}

/** What the rules read about a member. */
export interface LevelFacts {
  spendFen: number;
  directReferrals: number;
  lastActiveAt: Date | null;
}

/** 'YYYY-MM-DD' of the calendar day in Asia/Shanghai. */
export function shanghaiDay(now: Date): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** One point per whole yuan paid, times the level multiplier, rounded down (never a fraction of a point). */
export function pointsForPaid(paidFen: number, multiplierBps: number): number {
  return Math.floor((paidFen * multiplierBps) / 1_000_000);
}

/** A lot lives N days, or (expiryDays null) until the end of next calendar year in Asia/Shanghai. */
export function lotExpiry(now: Date, expiryDays: number | null): Date {
  if (expiryDays !== null) return new Date(now.getTime() + expiryDays * DAY_MS);
  const year = Number(shanghaiDay(now).slice(0, 4));
  return new Date(Date.UTC(year + 2, 0, 1) - SHANGHAI_OFFSET_MS - 1);
}

export function isActiveWithin(lastActiveAt: Date | null, days: number, now: Date): boolean {
  return lastActiveAt !== null && now.getTime() - lastActiveAt.getTime() <= days * DAY_MS;
}

/** Spend OR (when the level has one) the referral path; AND the activity rule when the level has one. */
export function meetsRule(rule: LevelRule, facts: LevelFacts, now: Date): boolean {
  const bySpend = facts.spendFen >= rule.minSpendFen;
  const byReferrals = rule.minDirectReferrals !== null && facts.directReferrals >= rule.minDirectReferrals;
  const isActive = rule.activeWithinDays === null || isActiveWithin(facts.lastActiveAt, rule.activeWithinDays, now);
  return (bySpend || byReferrals) && isActive;
}

/** The highest rung whose rule is met; the lowest rung always holds. `ladder` is sorted by rank ascending. */
export function qualifiedLevel<R extends LevelRule>(ladder: readonly R[], facts: LevelFacts, now: Date): R {
  const met = ladder.filter((rule, i) => i === 0 || meetsRule(rule, facts, now));
  return met[met.length - 1];
}

export interface NextLevelProgress {
  code: string;
  name: string;
  missingSpendFen: number;
  missingDirectReferrals: number | null;
  activeWithinDays: number | null;
  isActiveEnough: boolean;
  progressBps: number;
}

export function progressTo(next: LevelRule, facts: LevelFacts, now: Date): NextLevelProgress {
  const missingSpendFen = Math.max(0, next.minSpendFen - facts.spendFen);
  return {
    code: next.code,
    name: next.name,
    missingSpendFen,
    missingDirectReferrals:
      next.minDirectReferrals === null ? null : Math.max(0, next.minDirectReferrals - facts.directReferrals),
    activeWithinDays: next.activeWithinDays,
    isActiveEnough: next.activeWithinDays === null || isActiveWithin(facts.lastActiveAt, next.activeWithinDays, now),
    progressBps:
      next.minSpendFen === 0 ? 10_000 : Math.min(10_000, Math.floor((facts.spendFen * 10_000) / next.minSpendFen)),
  };
}
