import type { Transaction } from 'sequelize';
import { cacheBus } from '../../platform/cache/invalidation-bus';
import { forUpdate } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { DomainError } from '../../platform/errors';
import { memberExists, memberIdByCode } from '../members';
import { scheduleDrain } from './drain-team-deltas';
import { ReferralBinding, TEAM_LINKS_TOPIC, TeamDelta, TeamNode } from './team.model';
import { childPath, ROOT_PATH } from './tree-path';

type Deps = Pick<PlatformDeps, 'queues' | 'logger'>;

/** The member an inviter code belongs to; an unknown code binds nobody (a login never fails on it). */
export async function findInviterId(inviterCode: string | undefined, tx: Transaction): Promise<number | null> {
  if (!inviterCode) return null;
  return memberIdByCode(inviterCode, tx);
}

/**
 * A new member takes their place in the tree, under the referrer bound at registration (if any), in the
 * transaction that creates them. Member counts reach the ancestors through the delta log (one `joined` delta),
 * so a burst of registrations under one popular root updates the root once per drain, not once per login.
 */
export async function attachNewMember(
  deps: Deps,
  memberId: number,
  referrerId: number | null,
  tx: Transaction,
): Promise<void> {
  await placeNewMember(deps, memberId, referrerId, tx);
}

async function placeNewMember(
  deps: Deps,
  memberId: number,
  referrerId: number | null,
  tx: Transaction,
): Promise<TeamNode> {
  const parent = referrerId === null ? null : await ensureTeamNode(deps, referrerId, tx);
  const node = await TeamNode.create(
    {
      memberId,
      referrerId: parent?.memberId ?? null,
      depth: parent ? parent.depth + 1 : 0,
      ancestorPath: parent ? childPath(parent.ancestorPath, parent.memberId) : ROOT_PATH,
      boundAt: parent ? new Date() : null,
      boundBy: parent ? `member:${memberId}` : null,
    },
    { transaction: tx },
  );
  cacheBus.publishAfterCommit(tx, TEAM_LINKS_TOPIC, [memberId]); // a chain read before had no node
  if (!parent) return node;
  await ReferralBinding.create(
    {
      memberId,
      fromReferrerId: null,
      toReferrerId: parent.memberId,
      actor: `member:${memberId}`,
      reason: 'registration',
    },
    { transaction: tx },
  );
  await TeamDelta.create(
    {
      kind: 'joined',
      sourceId: memberId,
      memberId,
      membersDelta: 1,
      salesFen: 0,
      ordersDelta: 0,
      day: null,
      occurredAt: new Date(),
    },
    { transaction: tx },
  );
  scheduleDrain(deps, tx);
  return node;
}

/**
 * The member's node, created on the spot (as a root) for a member who has none: one made outside registration.
 * Every member registered through flows/register-member, or present when the team tables were created, has one.
 */
export async function ensureTeamNode(deps: Deps, memberId: number, tx: Transaction): Promise<TeamNode> {
  const existing = await TeamNode.findByPk(memberId, { transaction: tx });
  if (existing) return existing;
  if (!(await memberExists(memberId, tx)))
    throw new DomainError('MEMBER_NOT_FOUND', `Member ${memberId} does not exist`, 404);
  return placeNewMember(deps, memberId, null, tx);
}

/** The node under a row lock, for a read-modify-write of its place in the tree. */
export async function lockTeamNode(deps: Deps, memberId: number, tx: Transaction): Promise<TeamNode> {
  await ensureTeamNode(deps, memberId, tx);
  return (await TeamNode.findByPk(memberId, forUpdate(tx)))!;
}
