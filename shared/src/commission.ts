/**
 * Distribution (分销) policy and the commission calculator: pure, so the server computes, the admin API checks
 * and the tests tabulate with one definition.
 *
 * The compliance guard (China; DESIGN "Compliance guard") is `checkDistributionPolicy`: a policy that breaks it is
 * refused at boot and by the admin API with the reasons it gives, never stored or "corrected" silently.
 * - Commission depth 1 or 2 levels; a third level is refused wherever it could be expressed.
 * - No paid entry to distributorship and no spend threshold as entry (a fee or a purchase buys no commission
 *   rights; paid membership may give discounts only).
 * - No cash per recruited member and no cash on team performance: such rewards are points, coupons or honours.
 * - The commission on an order line is capped (default 30% of the line's paid amount) and never exceeds it.
 * - Commission settles at least monthly.
 *
 * The calculator works on one order line's paid, non-refunded amount (`paidFen - refundedFen`), so a refund is
 * reversed by computing again on what is left and posting the difference per level: a fully refunded line nets
 * zero. Amounts round down to the fen, like `applyBps`.
 */
import { applyBps, assertFen } from './money';

export const MAX_COMMISSION_LEVELS = 2;
export const DEFAULT_LINE_CAP_BPS = 3_000;

export const DISTRIBUTOR_QUALIFICATIONS = ['everyone', 'apply', 'assigned'] as const;
export type DistributorQualification = (typeof DISTRIBUTOR_QUALIFICATIONS)[number];

/** What a team reward or a recruit reward may be paid in. `cash` is expressible only so it can be refused. */
export const REWARD_KINDS = ['points', 'coupon', 'honour', 'cash'] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

export interface DistributorGradePolicy {
  code: string;
  name: string;
  /** Rate per commission level for distributors of this grade: [level 1] or [level 1, level 2]. */
  rateBps: number[];
}

export interface DistributionPolicy {
  /** 1 (single-level CPS, the safest on WeChat) or 2. */
  levels: number;
  /** Default rate per level for distributors without a grade. */
  rateBps: number[];
  grades: DistributorGradePolicy[];
  qualification: DistributorQualification;
  /** A distributor buying for themself earns level 1 on their own purchase (and their referrer level 2). */
  selfPurchase: boolean;
  /** The total commission on one line is at most this share of its paid amount (and never above it). */
  lineCapBps: number;
  /** Entry to distributorship: both must be 0. */
  entry: { feeFen: number; minSpendFen: number };
  /** Rewards for referring a member who buys, and for team rankings: never cash. */
  referralReward: { kind: RewardKind; amount: number } | null;
  teamRewards: Array<{ kind: RewardKind; amount: number; name?: string }>;
  /** Days after receipt before accrued commission is released (the after-sales window). */
  freezeDays: number;
  /**
   * Released commission is gathered into a statement per distributor each cycle (at least monthly: settlement may
   * not be held back longer); the distributor confirms it (or disputes it), and confirmed amounts become available.
   * A statement nobody answers is confirmed after `statementAutoConfirmDays`.
   */
  settlementCycle: SettlementCycle;
  statementAutoConfirmDays: number;
}

export const SETTLEMENT_CYCLES = ['weekly', 'monthly'] as const;
export type SettlementCycle = (typeof SETTLEMENT_CYCLES)[number];

export const DEFAULT_DISTRIBUTION_POLICY: DistributionPolicy = {
  levels: 2,
  rateBps: [1_000, 500],
  grades: [],
  qualification: 'apply',
  selfPurchase: false,
  lineCapBps: DEFAULT_LINE_CAP_BPS,
  entry: { feeFen: 0, minSpendFen: 0 },
  referralReward: { kind: 'points', amount: 100 },
  teamRewards: [],
  freezeDays: 7,
  settlementCycle: 'monthly',
  statementAutoConfirmDays: 7,
};

export type PolicyViolationCode =
  | 'COMMISSION_TOO_DEEP'
  | 'PAID_ENTRY'
  | 'SPEND_THRESHOLD_ENTRY'
  | 'CASH_PER_RECRUIT'
  | 'CASH_TEAM_REWARD'
  | 'RATE_OUT_OF_RANGE'
  | 'CAP_OUT_OF_RANGE'
  | 'SETTLEMENT_TOO_SLOW'
  | 'INVALID_POLICY';

export interface PolicyViolation {
  code: PolicyViolationCode;
  /** Dotted path of the offending field, as the admin API reports it. */
  field: string;
  message: string;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

function checkRates(rates: unknown, field: string, levels: number, out: PolicyViolation[]): void {
  if (!Array.isArray(rates) || rates.length === 0) {
    out.push({ code: 'INVALID_POLICY', field, message: 'needs one rate per commission level' });
    return;
  }
  if (rates.length > MAX_COMMISSION_LEVELS) {
    out.push({
      code: 'COMMISSION_TOO_DEEP',
      field,
      message: `${rates.length} levels of rates: commission is paid on at most ${MAX_COMMISSION_LEVELS} levels (a third level is a pyramid scheme under Chinese law)`,
    });
  } else if (rates.length !== levels && isInt(levels) && levels >= 1 && levels <= MAX_COMMISSION_LEVELS) {
    out.push({ code: 'INVALID_POLICY', field, message: `has ${rates.length} rates for ${levels} level(s)` });
  }
  rates.forEach((rate, i) => {
    if (!isInt(rate) || rate < 0 || rate > 10_000)
      out.push({ code: 'RATE_OUT_OF_RANGE', field: `${field}.${i}`, message: 'must be whole bps from 0 to 10000' });
  });
}

function checkReward(reward: unknown, field: string, code: PolicyViolationCode, what: string, out: PolicyViolation[]) {
  if (reward === null || reward === undefined) return;
  const r = reward as { kind?: unknown; amount?: unknown };
  if (r.kind === 'cash') {
    out.push({ code, field: `${field}.kind`, message: `${what} may be points, coupons or honours, never cash` });
  } else if (!REWARD_KINDS.includes(r.kind as RewardKind)) {
    out.push({ code: 'INVALID_POLICY', field: `${field}.kind`, message: 'must be points, coupon or honour' });
  }
  if (!isInt(r.amount) || r.amount < 0)
    out.push({ code: 'INVALID_POLICY', field: `${field}.amount`, message: 'must be a whole number ≥ 0' });
}

/**
 * The guard on team-performance rewards alone (a ranking's award list), with the same codes, fields and reasons as
 * `checkDistributionPolicy` gives for the policy's `teamRewards`: an admin who sets a cash award reads what boot says.
 */
export function checkTeamRewards(rewards: unknown, field = 'teamRewards'): PolicyViolation[] {
  const out: PolicyViolation[] = [];
  if (!Array.isArray(rewards)) return [{ code: 'INVALID_POLICY', field, message: 'must be a list' }];
  rewards.forEach((r, i) => checkReward(r, `${field}.${i}`, 'CASH_TEAM_REWARD', 'a reward on team performance', out));
  return out;
}

/**
 * The compliance guard: every reason the policy cannot be used, empty when it can. Takes `unknown` so a policy
 * read from a file or a request is checked as it came, before anything trusts its shape.
 */
export function checkDistributionPolicy(input: unknown): PolicyViolation[] {
  const out: PolicyViolation[] = [];
  if (typeof input !== 'object' || input === null) {
    return [{ code: 'INVALID_POLICY', field: '', message: 'the distribution policy must be an object' }];
  }
  const p = input as Partial<Record<keyof DistributionPolicy, unknown>>;
  const levels = p.levels;
  if (!isInt(levels) || levels < 1) {
    out.push({ code: 'INVALID_POLICY', field: 'levels', message: 'must be 1 or 2' });
  } else if (levels > MAX_COMMISSION_LEVELS) {
    out.push({
      code: 'COMMISSION_TOO_DEEP',
      field: 'levels',
      message: `${levels} levels: commission is paid on at most ${MAX_COMMISSION_LEVELS} levels (a third level is a pyramid scheme under Chinese law)`,
    });
  }
  const levelCount = isInt(levels) ? levels : 0;
  checkRates(p.rateBps, 'rateBps', levelCount, out);
  if (!Array.isArray(p.grades)) {
    out.push({ code: 'INVALID_POLICY', field: 'grades', message: 'must be a list' });
  } else {
    const codes = new Set<string>();
    p.grades.forEach((g: Partial<DistributorGradePolicy>, i) => {
      if (typeof g?.code !== 'string' || !/^[a-z0-9_-]{1,32}$/.test(g.code) || codes.has(g.code))
        out.push({ code: 'INVALID_POLICY', field: `grades.${i}.code`, message: 'must be a unique short code' });
      else codes.add(g.code);
      if (typeof g?.name !== 'string' || g.name.trim() === '')
        out.push({ code: 'INVALID_POLICY', field: `grades.${i}.name`, message: 'is required' });
      checkRates(g?.rateBps, `grades.${i}.rateBps`, levelCount, out);
    });
  }
  if (!DISTRIBUTOR_QUALIFICATIONS.includes(p.qualification as DistributorQualification))
    out.push({ code: 'INVALID_POLICY', field: 'qualification', message: 'must be everyone, apply or assigned' });
  if (typeof p.selfPurchase !== 'boolean')
    out.push({ code: 'INVALID_POLICY', field: 'selfPurchase', message: 'must be true or false' });
  if (!isInt(p.lineCapBps) || p.lineCapBps < 0 || p.lineCapBps > 10_000)
    out.push({
      code: 'CAP_OUT_OF_RANGE',
      field: 'lineCapBps',
      message: 'must be whole bps from 0 to 10000: commission never exceeds what the line paid',
    });
  const entry = p.entry as { feeFen?: unknown; minSpendFen?: unknown } | undefined;
  if (typeof entry !== 'object' || entry === null) {
    out.push({ code: 'INVALID_POLICY', field: 'entry', message: 'must say feeFen and minSpendFen (both 0)' });
  } else {
    if (entry.feeFen !== 0)
      out.push({
        code: 'PAID_ENTRY',
        field: 'entry.feeFen',
        message:
          'becoming a distributor may not cost a fee (paid entry is refused; paid membership gives discounts only)',
      });
    if (entry.minSpendFen !== 0)
      out.push({
        code: 'SPEND_THRESHOLD_ENTRY',
        field: 'entry.minSpendFen',
        message: 'becoming a distributor may not require buying goods first (a spend threshold is a paid entry)',
      });
  }
  checkReward(p.referralReward, 'referralReward', 'CASH_PER_RECRUIT', 'a reward for referring a member', out);
  out.push(...checkTeamRewards(p.teamRewards));
  if (!isInt(p.freezeDays) || p.freezeDays < 0 || p.freezeDays > 60)
    out.push({ code: 'INVALID_POLICY', field: 'freezeDays', message: 'must be whole days from 0 to 60' });
  if (!SETTLEMENT_CYCLES.includes(p.settlementCycle as SettlementCycle))
    out.push({
      code: 'SETTLEMENT_TOO_SLOW',
      field: 'settlementCycle',
      message: 'commission settles weekly or monthly: never held back longer than a month',
    });
  if (!isInt(p.statementAutoConfirmDays) || p.statementAutoConfirmDays < 1 || p.statementAutoConfirmDays > 30)
    out.push({ code: 'INVALID_POLICY', field: 'statementAutoConfirmDays', message: 'must be whole days from 1 to 30' });
  return out;
}

/** A member in the commission chain as the calculator needs them. */
export interface CommissionParty {
  memberId: number;
  /** A distributor in good standing; a member who is not, or is frozen, earns nothing (the level is not passed up). */
  isDistributor: boolean;
  frozen: boolean;
  grade: string | null;
}

/** A product or SKU rule: its own rate per level, or a fixed amount per unit per level. SKU beats product. */
export type CommissionOverride =
  { mode: 'rate'; rateBps: number[] } | { mode: 'fixed'; fixedFenPerUnit: number[] } | { mode: 'none' };

export interface CommissionLine {
  /** The line's paid amount from the order quote (after every discount and points). */
  paidFen: number;
  /** Refunded on this line so far; commission is computed on what is left. */
  refundedFen?: number;
  quantity: number;
  buyer: CommissionParty;
  /** The buyer's referrer, then the referrer's referrer (as bound at order time). */
  uplines: CommissionParty[];
  skuOverride?: CommissionOverride | null;
  productOverride?: CommissionOverride | null;
}

export type CommissionSkipReason = 'not_distributor' | 'frozen' | 'no_upline' | 'capped' | 'zero';

export interface CommissionShare {
  level: 1 | 2;
  memberId: number;
  /** The rate applied, or null for a fixed amount. */
  rateBps: number | null;
  amountFen: number;
}

export interface CommissionResult {
  baseFen: number;
  capFen: number;
  shares: CommissionShare[];
  skipped: Array<{ level: 1 | 2; memberId: number | null; reason: CommissionSkipReason }>;
}

function rateFor(policy: DistributionPolicy, party: CommissionParty, levelIndex: number): number {
  const grade = party.grade ? policy.grades.find((g) => g.code === party.grade) : undefined;
  return (grade?.rateBps ?? policy.rateBps)[levelIndex] ?? 0;
}

/**
 * Commission on one order line: who earns on which level and how much. The policy is assumed to have passed
 * `checkDistributionPolicy`; the depth is enforced here again, so no caller can pay a third level.
 */
export function computeLineCommission(policy: DistributionPolicy, line: CommissionLine): CommissionResult {
  assertFen(line.paidFen, 'paidFen');
  const refundedFen = assertFen(line.refundedFen ?? 0, 'refundedFen');
  if (line.paidFen < 0 || refundedFen < 0 || refundedFen > line.paidFen)
    throw new RangeError(`refundedFen ${refundedFen} outside 0..paidFen ${line.paidFen}`);
  if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) throw new RangeError('quantity must be ≥ 1');
  const baseFen = line.paidFen - refundedFen;
  const capFen = Math.min(baseFen, applyBps(baseFen, Math.min(Math.max(policy.lineCapBps, 0), 10_000)));
  const levels = Math.min(Math.max(policy.levels, 0), MAX_COMMISSION_LEVELS);

  const selfEarns = policy.selfPurchase && line.buyer.isDistributor && !line.buyer.frozen;
  const earners = (selfEarns ? [line.buyer, ...line.uplines] : line.uplines).slice(0, levels);
  const override = [line.skuOverride, line.productOverride].find((o) => o && o.mode !== 'none') ?? null;

  const shares: CommissionShare[] = [];
  const skipped: CommissionResult['skipped'] = [];
  let leftFen = capFen;
  for (let i = 0; i < levels; i += 1) {
    const level = (i + 1) as 1 | 2;
    const party = earners[i];
    if (!party) {
      skipped.push({ level, memberId: null, reason: 'no_upline' });
      continue;
    }
    if (!party.isDistributor || party.frozen) {
      skipped.push({ level, memberId: party.memberId, reason: party.frozen ? 'frozen' : 'not_distributor' });
      continue;
    }
    let rateBps: number | null;
    let amountFen: number;
    if (override?.mode === 'fixed') {
      rateBps = null;
      const fullFen = (override.fixedFenPerUnit[i] ?? 0) * line.quantity;
      // a fixed amount shrinks with the line's refunds like a rate does
      amountFen = line.paidFen === 0 ? 0 : Math.floor((fullFen * baseFen) / line.paidFen);
    } else {
      rateBps = override?.mode === 'rate' ? (override.rateBps[i] ?? 0) : rateFor(policy, party, i);
      amountFen = applyBps(baseFen, rateBps);
    }
    if (amountFen > leftFen) {
      if (leftFen === 0) {
        skipped.push({ level, memberId: party.memberId, reason: 'capped' });
        continue;
      }
      amountFen = leftFen;
    }
    if (amountFen <= 0) {
      skipped.push({ level, memberId: party.memberId, reason: 'zero' });
      continue;
    }
    leftFen -= amountFen;
    shares.push({ level, memberId: party.memberId, rateBps, amountFen });
  }
  return { baseFen, capFen, shares, skipped };
}

/**
 * What a refund takes back per level: what each earner holds on the line now (accrued minus earlier reversals)
 * minus the commission on what the line keeps after its refunds (`line.refundedFen` is the new total), never
 * negative. Taken from what is held rather than from a recomputation before the refund, a line refunded in full
 * always nets zero, however its partial refunds fell.
 */
export function commissionReversal(
  policy: DistributionPolicy,
  line: CommissionLine,
  held: ReadonlyArray<{ level: 1 | 2; memberId: number; amountFen: number }>,
): Array<{ level: 1 | 2; memberId: number; amountFen: number }> {
  const after = computeLineCommission(policy, line);
  return held
    .map((h) => ({
      level: h.level,
      memberId: h.memberId,
      amountFen:
        h.amountFen - (after.shares.find((a) => a.level === h.level && a.memberId === h.memberId)?.amountFen ?? 0),
    }))
    .filter((r) => r.amountFen > 0);
}
