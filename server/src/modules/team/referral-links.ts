import { Op, type Transaction } from 'sequelize';
import { TeamNode } from './team.model';
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

/**
 * A member's referrers, nearest first, at most `depth` of them (the referrer, then the referrer's referrer):
 * what an order freezes when it is placed. A member outside the tree has none.
 */
export async function referrerChainOf(memberId: number, tx?: Transaction, depth = 2): Promise<number[]> {
  const node = await TeamNode.findByPk(memberId, { attributes: ['memberId', 'ancestorPath'], transaction: tx });
  return node ? ancestorsOf(node.ancestorPath).reverse().slice(0, depth) : [];
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
