import { Op, type Transaction } from 'sequelize';
import { cacheBus } from '../../platform/cache/invalidation-bus';
import type { PlatformDeps } from '../../platform/deps';
import type { MemberLevelChanged } from '../../platform/events/event-types';
import { directReferralCount } from '../team';
import { MEMBER_LEVEL_TOPIC, MemberLevel } from './level.model';
import { qualifiedLevel, shanghaiDay, type LevelFacts, type LevelRule } from './loyalty-rules';
import { LevelHistory, LoyaltyAccount, SpendEntry, type LevelChangeCause } from './loyalty.model';
import { lockAccount } from './points-ledger';

const DAY_MS = 86_400_000;
type Deps = Pick<PlatformDeps, 'config' | 'events'>;

/** The ladder with its rules, lowest rank first. */
export async function loadLadder(tx?: Transaction): Promise<MemberLevel[]> {
  return MemberLevel.findAll({ order: [['rank', 'ASC']], transaction: tx });
}

/** Spend of orders paid within the window, net of their refunds (never below zero). */
export async function spendInWindow(memberId: number, windowDays: number, now: Date, tx?: Transaction) {
  const sum = await SpendEntry.sum('amountFen', {
    where: { memberId, occurredAt: { [Op.gt]: new Date(now.getTime() - windowDays * DAY_MS) } },
    transaction: tx,
  });
  return Math.max(0, Number(sum ?? 0));
}

export async function levelFacts(
  deps: Pick<PlatformDeps, 'config'>,
  memberId: number,
  now: Date,
  tx: Transaction,
  lockedAccount?: LoyaltyAccount,
): Promise<LevelFacts> {
  const account = lockedAccount ?? (await lockAccount(memberId, tx));
  return {
    spendFen: await spendInWindow(memberId, deps.config.loyalty.spendWindowDays, now, tx),
    // direct referrals are the members bound to this one: the team module keeps who referred whom
    directReferrals: await directReferralCount(memberId, tx),
    lastActiveAt: account.lastActiveAt,
  };
}

export interface LevelChange {
  memberId: number;
  fromCode: string;
  toCode: string;
  cause: LevelChangeCause;
  reason: string;
  actor: string;
  jobDay?: string;
  holdUntil: Date | null;
}

export type { MemberLevelChanged }; // moved to the platform's event map

/** Writes the new level and its history line, and announces it; the caller holds the member's account lock. */
export async function changeLevel(
  deps: Pick<PlatformDeps, 'events'>,
  account: LoyaltyAccount,
  change: LevelChange,
  tx: Transaction,
): Promise<void> {
  await account.update({ levelCode: change.toCode }, { transaction: tx });
  cacheBus.publishAfterCommit(tx, MEMBER_LEVEL_TOPIC, [change.memberId]); // prices for the new level at once
  const history = await LevelHistory.create(
    {
      memberId: change.memberId,
      fromCode: change.fromCode,
      toCode: change.toCode,
      cause: change.cause,
      reason: change.reason,
      actor: change.actor,
      jobDay: change.jobDay ?? null,
    },
    { transaction: tx },
  );
  await deps.events.record<MemberLevelChanged>(tx, 'member.level_changed', String(history.id), {
    memberId: change.memberId,
    fromCode: change.fromCode,
    toCode: change.toCode,
    cause: change.cause,
  });
  if (change.holdUntil)
    await LoyaltyAccount.update(
      { levelHeldUntil: change.holdUntil },
      { where: { memberId: change.memberId }, transaction: tx },
    );
}

const describeFacts = (facts: LevelFacts, windowDays: number) =>
  `spend ${facts.spendFen} fen in ${windowDays} days, ${facts.directReferrals} direct referrals, last active ${
    facts.lastActiveAt ? shanghaiDay(facts.lastActiveAt) : 'never'
  }`;

/**
 * Re-reads the rules for one member. 'upgrade' (on events) only ever raises the level; 'job' (nightly) may
 * also lower it, once the hold after the last upgrade has passed, and at most once per member per day.
 */
export async function evaluateLevel(
  deps: Deps,
  memberId: number,
  mode: 'upgrade' | 'job',
  now: Date,
  tx: Transaction,
  lockedAccount?: LoyaltyAccount,
): Promise<LevelChange | null> {
  // the account lock makes this the only loyalty writer of this member (admin changes take it too)
  const account = lockedAccount ?? (await lockAccount(memberId, tx));
  const ladder: MemberLevel[] = await loadLadder(tx);
  const current = ladder.find((l) => l.code === account.levelCode);
  if (!current || (mode === 'upgrade' && current === ladder[ladder.length - 1])) return null; // nothing above
  const facts = await levelFacts(deps, memberId, now, tx, account);
  const target = qualifiedLevel<LevelRule & MemberLevel>(ladder, facts, now);
  if (target.rank === current.rank) return null;
  const isUp = target.rank > current.rank;
  if (!isUp && mode === 'upgrade') return null;
  const jobDay = mode === 'job' ? shanghaiDay(now) : undefined;
  if (!isUp) {
    if (account.levelHeldUntil && account.levelHeldUntil > now) return null;
    if (await LevelHistory.findOne({ where: { memberId, jobDay }, transaction: tx })) return null;
  }
  const windowDays = deps.config.loyalty.spendWindowDays;
  const change: LevelChange = {
    memberId,
    fromCode: current.code,
    toCode: target.code,
    cause: mode === 'job' ? 'job' : 'rule',
    reason: `${isUp ? 'reached' : 'no longer meets'} ${isUp ? target.name : current.name}: ${describeFacts(facts, windowDays)}`,
    actor: 'system',
    jobDay,
    holdUntil: isUp ? new Date(now.getTime() + deps.config.loyalty.levelHoldDays * DAY_MS) : null,
  };
  await changeLevel(deps, account, change, tx);
  return change;
}
