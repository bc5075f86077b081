import { Op, type Sequelize, type Transaction } from 'sequelize';
import { forUpdate, withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { bumpDaily, bumpNodes, type DailyBump } from './team-figures-sql';
import { TeamDelta, TeamNode } from './team.model';
import { addSums, rollUpToAncestors, type Sums } from './roll-up-team-sums';
import { dayKey } from './team-time';
import { ancestorsOf, parentFromPath } from './tree-path';

export const DRAIN_JOB = 'drain-deltas';
const BATCH_SIZE = 2_000;

/**
 * Deltas written in the same second share one drain job (job id = that second), which runs once the second is
 * over, so every delta of the second has committed. A repeating sweep catches any job that went missing.
 */
export function scheduleDrain(deps: Pick<PlatformDeps, 'queues' | 'logger'>, tx: Transaction): void {
  tx.afterCommit(() => {
    const now = Date.now();
    const second = Math.floor(now / 1000);
    deps.queues.team
      .add(DRAIN_JOB, {}, { jobId: `${DRAIN_JOB}:${second}`, delay: (second + 1) * 1000 - now + 50 })
      .catch((err: unknown) => deps.logger.error({ err }, 'enqueue team drain failed'));
  });
}

/** Applies every pending delta, batch by batch, each batch in its own transaction. */
export async function drainTeamDeltas(deps: Pick<PlatformDeps, 'sequelize'>): Promise<number> {
  let total = 0;
  for (;;) {
    const applied = await withTx(deps.sequelize, (tx) => applyDeltaBatch(deps.sequelize, tx));
    total += applied;
    if (applied < BATCH_SIZE) return total;
  }
}

/**
 * A move applies the moved member's own pending deltas first, in its transaction: the figures it moves must
 * include the member's own `joined` fact, which names the old ancestors. Pending deltas of the rest of the team
 * need nothing: the drain sends them to the ancestors they have when it runs, which is after the move.
 */
export async function applyPendingDeltasOf(sequelize: Sequelize, tx: Transaction, memberId: number): Promise<void> {
  while ((await applyDeltaBatch(sequelize, tx, memberId)) === BATCH_SIZE);
}

/**
 * One batch: lock the oldest pending deltas and their members' nodes, sum the deltas per ancestor in memory,
 * and write one UPDATE per distinct change (ancestors with equal sums share it), so a hot root is written once
 * per batch however many orders its team paid. Deltas go to the ancestors the member has now.
 */
export async function applyDeltaBatch(sequelize: Sequelize, tx: Transaction, onlyMemberId?: number): Promise<number> {
  const deltas = await TeamDelta.findAll({
    where: onlyMemberId === undefined ? { appliedAt: null } : { appliedAt: null, memberId: onlyMemberId },
    order: [['id', 'ASC']],
    limit: BATCH_SIZE,
    ...forUpdate(tx),
  });
  if (deltas.length === 0) return 0;
  const memberIds = [...new Set(deltas.map((d) => d.memberId))];
  const nodes = await TeamNode.findAll({
    where: { memberId: { [Op.in]: memberIds } },
    attributes: ['memberId', 'depth', 'ancestorPath', 'lastPaidAt'],
    ...forUpdate(tx),
  });
  const nodeOf = new Map(nodes.map((n) => [n.memberId, n]));
  const changes = new Map<number, Sums>();
  const own = new Map<number, Sums>();
  const direct = new Map<number, Sums>();
  const daily = new Map<string, DailyBump>();
  const lastPaidAt = new Map<number, Date>();
  const bumpDay = (memberId: number, day: string, add: Partial<Omit<DailyBump, 'memberId' | 'day'>>) => {
    const key = `${memberId}|${day}`;
    const row = daily.get(key) ?? {
      memberId,
      day,
      teamSalesFen: 0,
      teamOrders: 0,
      ownSalesFen: 0,
      ownOrders: 0,
      teamNewMembers: 0,
    };
    row.teamSalesFen += add.teamSalesFen ?? 0;
    row.teamOrders += add.teamOrders ?? 0;
    row.ownSalesFen += add.ownSalesFen ?? 0;
    row.ownOrders += add.ownOrders ?? 0;
    row.teamNewMembers = (row.teamNewMembers ?? 0) + (add.teamNewMembers ?? 0);
    daily.set(key, row);
  };
  for (const d of deltas) {
    const node = nodeOf.get(d.memberId);
    if (!node) continue; // every member gets a node with their first delta; none means the member is gone
    const sums = { members: d.membersDelta, salesFen: d.salesFen, orders: d.ordersDelta };
    addSums(changes, d.memberId, sums);
    if (d.kind === 'joined') {
      const parentId = parentFromPath(node.ancestorPath);
      if (parentId !== null) addSums(direct, parentId, { members: 1, salesFen: 0, orders: 0 });
      const day = d.day ?? dayKey(d.occurredAt);
      for (const a of ancestorsOf(node.ancestorPath)) bumpDay(a, day, { teamNewMembers: 1 });
      continue;
    }
    addSums(own, d.memberId, sums);
    if (d.day) {
      bumpDay(d.memberId, d.day, { ownSalesFen: d.salesFen, ownOrders: d.ordersDelta });
      for (const a of ancestorsOf(node.ancestorPath))
        bumpDay(a, d.day, { teamSalesFen: d.salesFen, teamOrders: d.ordersDelta });
    }
    if (d.kind === 'paid') {
      const seen = lastPaidAt.get(d.memberId) ?? node.lastPaidAt;
      if (!seen || seen < d.occurredAt) lastPaidAt.set(d.memberId, d.occurredAt);
    }
  }
  const team = rollUpToAncestors(nodes, changes);
  await bumpNodes(sequelize, tx, team, (s) => ({
    team_count: s.members,
    team_sales_fen: s.salesFen,
    team_order_count: s.orders,
  }));
  await bumpNodes(sequelize, tx, direct, (s) => ({ direct_count: s.members }));
  await bumpNodes(sequelize, tx, own, (s) => ({ own_sales_fen: s.salesFen, own_order_count: s.orders }));
  for (const [memberId, at] of lastPaidAt)
    await TeamNode.update({ lastPaidAt: at }, { where: { memberId }, transaction: tx });
  await bumpDaily(sequelize, tx, [...daily.values()]);
  await TeamDelta.update(
    { appliedAt: new Date() },
    { where: { id: { [Op.in]: deltas.map((d) => d.id) } }, transaction: tx },
  );
  return deltas.length;
}
