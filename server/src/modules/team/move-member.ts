import { QueryTypes, type Transaction } from 'sequelize';
import { cacheBus } from '../../platform/cache/invalidation-bus';
import type { PlatformDeps } from '../../platform/deps';
import { DomainError } from '../../platform/errors';
import type { MemberReferrerChanged } from '../members';
import { lockTeamNode } from './attach-member';
import { applyPendingDeltasOf } from './drain-team-deltas';
import { bumpDaily, bumpNodes, rewriteSubtreePaths, type DailyBump } from './team-figures-sql';
import { dayKey, movedFiguresStart } from './team-time';
import { ReferralBinding, TEAM_LINKS_TOPIC, type TeamNode } from './team.model';
import { ancestorsOf, childPath, isAncestorOrSelf } from './tree-path';

type Deps = Pick<PlatformDeps, 'sequelize' | 'events' | 'queues' | 'logger'>;

export interface MoveRequest {
  memberId: number;
  toReferrerId: number;
  /** `member:<id>` or `admin:<username>` */
  actor: string;
  /** Said by the caller, or by `allow` when the policy words it. */
  reason?: string;
  /** Asked once the member's node is locked: refuses (throws), says nothing changes, or gives the reason. */
  allow?: (node: TeamNode) => { reason: string } | 'unchanged';
}

export interface MoveResult {
  fromReferrerId: number | null;
  referrerId: number;
  changed: boolean;
}

/**
 * Binds a member (and with them their whole team) under another referrer, in the caller's transaction.
 * Never oneself, never into one's own subtree. The moved team's figures leave the old ancestors and reach the
 * new ones; ancestors both paths share see no change.
 */
export async function moveMember(deps: Deps, request: MoveRequest, tx: Transaction): Promise<MoveResult> {
  const { memberId, toReferrerId } = request;
  if (memberId === toReferrerId) throw new DomainError('SELF_REFERRAL', 'A member cannot refer themselves', 409);
  await applyPendingDeltasOf(deps.sequelize, tx, memberId);
  const node = await lockTeamNode(deps, memberId, tx);
  const target = await lockTeamNode(deps, toReferrerId, tx);
  const fromReferrerId = node.referrerId;
  const verdict = fromReferrerId === toReferrerId ? 'unchanged' : (request.allow?.(node) ?? { reason: '' });
  if (verdict === 'unchanged') return { fromReferrerId, referrerId: fromReferrerId ?? toReferrerId, changed: false };
  if (isAncestorOrSelf(memberId, target.memberId, target.ancestorPath))
    throw new DomainError('REFERRAL_LOOP', 'The new referrer is in this member’s own team: that would be a loop', 409);

  const reason = request.reason ?? verdict.reason;
  const oldAncestors = ancestorsOf(node.ancestorPath);
  const newPath = childPath(target.ancestorPath, target.memberId);
  const newAncestors = ancestorsOf(newPath);
  let shared = 0;
  while (shared < oldAncestors.length && oldAncestors[shared] === newAncestors[shared]) shared++;
  const leaving = oldAncestors.slice(shared);
  const joining = newAncestors.slice(shared);
  const moved = {
    team_count: 1 + node.teamCount,
    team_sales_fen: node.teamSalesFen + node.ownSalesFen,
    team_order_count: node.teamOrderCount + node.ownOrderCount,
  };
  const negate = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, -v]));
  await bumpNodes(deps.sequelize, tx, new Map(leaving.map((id) => [id, negate(moved)])), (c) => c);
  await bumpNodes(deps.sequelize, tx, new Map(joining.map((id) => [id, moved])), (c) => c);
  const directs = new Map<number, Record<string, number>>([[toReferrerId, { direct_count: 1 }]]);
  if (fromReferrerId !== null) directs.set(fromReferrerId, { direct_count: -1 });
  await bumpNodes(deps.sequelize, tx, directs, (c) => c);
  await moveDailyFigures(deps, node, leaving, joining, tx);

  await rewriteSubtreePaths(
    deps.sequelize,
    tx,
    childPath(node.ancestorPath, memberId),
    childPath(newPath, memberId),
    newAncestors.length - oldAncestors.length,
  );
  cacheBus.publishAfterCommit(tx, TEAM_LINKS_TOPIC, null); // the whole subtree's chains changed
  await node.update(
    {
      referrerId: toReferrerId,
      depth: newAncestors.length,
      ancestorPath: newPath,
      boundAt: new Date(),
      boundBy: request.actor,
    },
    { transaction: tx },
  );
  const binding = await ReferralBinding.create(
    { memberId, fromReferrerId, toReferrerId, actor: request.actor, reason },
    { transaction: tx },
  );
  await deps.events.record<MemberReferrerChanged>(tx, 'member.referrer_changed', String(binding.id), {
    memberId,
    fromReferrerId,
    toReferrerId,
    actor: request.actor,
    reason,
  });
  return { fromReferrerId, referrerId: toReferrerId, changed: true };
}

/**
 * The moved member's recent days (own and team: every day an open ranking period or the activity window reads)
 * leave the old ancestors' figures and join the new ones'. The members who joined under them move too, and the
 * member themself counts as a new member of the new ancestors' teams today (and no longer of the old ones', on the
 * day they were bound there).
 */
async function moveDailyFigures(deps: Deps, node: TeamNode, leaving: number[], joining: number[], tx: Transaction) {
  const from = movedFiguresStart(new Date());
  const days = await deps.sequelize.query<{
    day: string;
    team_sales_fen: number;
    team_order_count: number;
    own_sales_fen: number;
    own_order_count: number;
    team_new_members: number;
  }>(
    `SELECT day, team_sales_fen, team_order_count, own_sales_fen, own_order_count, team_new_members
     FROM team_daily_figures WHERE member_id = ? AND day >= ?`,
    { replacements: [node.memberId, from], type: QueryTypes.SELECT, transaction: tx },
  );
  const rows: DailyBump[] = [];
  const bump = (id: number, day: string, sign: number, salesFen: number, orders: number, newMembers: number) => ({
    memberId: id,
    day,
    teamSalesFen: sign * salesFen,
    teamOrders: sign * orders,
    ownSalesFen: 0,
    ownOrders: 0,
    teamNewMembers: sign * newMembers,
  });
  for (const d of days) {
    const salesFen = Number(d.team_sales_fen) + Number(d.own_sales_fen);
    const orders = Number(d.team_order_count) + Number(d.own_order_count);
    const newMembers = Number(d.team_new_members);
    rows.push(
      ...leaving.map((id) => bump(id, d.day, -1, salesFen, orders, newMembers)),
      ...joining.map((id) => bump(id, d.day, 1, salesFen, orders, newMembers)),
    );
  }
  const boundDay = node.referrerId !== null && node.boundAt ? dayKey(node.boundAt) : null;
  if (boundDay !== null && boundDay >= from) rows.push(...leaving.map((id) => bump(id, boundDay, -1, 0, 0, 1)));
  const today = dayKey(new Date());
  rows.push(...joining.map((id) => bump(id, today, 1, 0, 0, 1)));
  await bumpDaily(deps.sequelize, tx, rows);
}
