import { Op, type Transaction } from 'sequelize';
import { cacheBus } from '../../platform/cache/invalidation-bus';
import { CachedMap } from '../../platform/cache/local-cache';
import { TEAM_LINKS_TOPIC, TeamNode } from './team.model';
import { ancestorsOf } from './tree-path';

/**
 * Who referred whom, for other modules. team_nodes is the one place the link is stored (members.referrer_id is
 * gone); each function is one query whatever the number of ids.
 */

/** Each member's referrer (null for a root or a member without a node). */
export async function referrerOf(memberIds: readonly number[], tx?: Transaction): Promise<Map<number, number | null>> {
  const ids = [...new Set(memberIds)];
  const nodes = ids.length
    ? await TeamNode.findAll({
        where: { memberId: { [Op.in]: ids } },
        attributes: ['memberId', 'referrerId'],
        transaction: tx,
      })
    : [];
  const found = new Map(nodes.map((n) => [n.memberId, n.referrerId]));
  return new Map(ids.map((id) => [id, found.get(id) ?? null]));
}

const CHAIN_DEPTH = 2;

async function readChains(memberIds: readonly number[], tx?: Transaction): Promise<Map<number, number[]>> {
  const nodes = await TeamNode.findAll({
    where: { memberId: { [Op.in]: [...memberIds] } },
    attributes: ['memberId', 'ancestorPath'],
    transaction: tx,
  });
  const found = new Map(nodes.map((n) => [n.memberId, ancestorsOf(n.ancestorPath).reverse().slice(0, CHAIN_DEPTH)]));
  return new Map(memberIds.map((id) => [id, found.get(id) ?? []]));
}

/**
 * Every placement freezes its buyer's chain: kept in process, dropped when a node is placed (the member had none)
 * or a subtree moves (TEAM_LINKS_TOPIC), here at once and in the other processes through the invalidation bus.
 */
const chainCache = new CachedMap<number, number[]>((ids) => readChains(ids), { ttlMs: 60_000, maxEntries: 100_000 });
cacheBus.on(TEAM_LINKS_TOPIC, (keys) => (keys ? chainCache.invalidate(keys.map(Number)) : chainCache.clear()));

/**
 * A member's referrers, nearest first, at most `depth` of them (the referrer, then the referrer's referrer):
 * what an order freezes when it is placed. A member outside the tree has none. Inside a transaction as the
 * transaction sees it, else from the process's cache.
 */
export async function referrerChainOf(memberId: number, tx?: Transaction, depth = CHAIN_DEPTH): Promise<number[]> {
  if (tx || depth > CHAIN_DEPTH) {
    const node = await TeamNode.findByPk(memberId, { attributes: ['memberId', 'ancestorPath'], transaction: tx });
    return node ? ancestorsOf(node.ancestorPath).reverse().slice(0, depth) : [];
  }
  return ((await chainCache.get(memberId)) ?? []).slice(0, depth);
}

/** How many members this one referred directly (read live, not from the drained figures). */
export async function directReferralCount(memberId: number, tx?: Transaction): Promise<number> {
  return TeamNode.count({ where: { referrerId: memberId }, transaction: tx });
}

/**
 * The members below one, level by level, nearest first: `[direct]` for depth 1, `[direct, second]` for depth 2.
 * Deeper is not offered: team notices and share figures reach two levels, the depth the law allows.
 */
export async function membersBelow(memberId: number, depth: 1 | 2, tx?: Transaction): Promise<number[][]> {
  const levels: number[][] = [];
  let parents = [memberId];
  for (let level = 0; level < depth; level++) {
    const children = parents.length
      ? await TeamNode.findAll({
          where: { referrerId: { [Op.in]: parents } },
          attributes: ['memberId'],
          order: [['memberId', 'ASC']],
          transaction: tx,
        })
      : [];
    parents = children.map((n) => n.memberId);
    levels.push(parents);
  }
  return levels;
}
