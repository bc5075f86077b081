import type { Transaction } from 'sequelize';
import { TeamNode } from './team.model';
import { ancestorsOf } from './tree-path';

/**
 * A member's referrers, nearest first, at most `depth` of them (the referrer, then the referrer's referrer):
 * what an order freezes when it is placed. A member outside the tree has none.
 */
export async function referrerChainOf(memberId: number, tx?: Transaction, depth = 2): Promise<number[]> {
  const node = await TeamNode.findByPk(memberId, { attributes: ['memberId', 'ancestorPath'], transaction: tx });
  return node ? ancestorsOf(node.ancestorPath).reverse().slice(0, depth) : [];
}
