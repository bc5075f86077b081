import { ancestorsOf, parentFromPath } from './tree-path';

export interface Sums {
  members: number;
  salesFen: number;
  orders: number;
}

export interface PathNode {
  memberId: number;
  depth: number;
  ancestorPath: string;
}

export function addSums(map: Map<number, Sums>, id: number, d: Sums): void {
  const s = map.get(id) ?? { members: 0, salesFen: 0, orders: 0 };
  s.members += d.members;
  s.salesFen += d.salesFen;
  s.orders += d.orders;
  map.set(id, s);
}

/**
 * What each ancestor's team figures gain from a batch of members' own changes. Deepest first, a member passes
 * what it carries to its referrer; only when the referrer is outside the batch is the whole path read. A batch
 * that is itself a long chain (5,000 registrations down one line) so costs one path, not 5,000.
 */
export function rollUpToAncestors(nodes: PathNode[], changes: Map<number, Sums>): Map<number, Sums> {
  const inBatch = new Set(nodes.map((n) => n.memberId));
  const carried = new Map<number, Sums>();
  for (const [id, s] of changes) addSums(carried, id, s);
  const team = new Map<number, Sums>();
  for (const node of [...nodes].sort((a, b) => b.depth - a.depth)) {
    const sums = carried.get(node.memberId);
    const parentId = parentFromPath(node.ancestorPath);
    if (!sums || parentId === null) continue;
    if (inBatch.has(parentId)) {
      addSums(team, parentId, sums);
      addSums(carried, parentId, sums);
    } else {
      for (const a of ancestorsOf(node.ancestorPath)) addSums(team, a, sums);
    }
  }
  return team;
}
