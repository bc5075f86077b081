/**
 * Categories as a tree, whichever way the server sends them: a flat list with parentId, or nodes that carry
 * their children. Order is kept as sent (the server sorts by sortOrder).
 */
export interface CategoryLike {
  id: number;
  name: string;
  iconUrl: string | null;
  parentId?: number | null;
  children?: CategoryLike[];
}

export interface CategoryNode {
  id: number;
  name: string;
  iconUrl: string | null;
  children: CategoryNode[];
}

function flatten(list: readonly CategoryLike[], parentId: number | null, out: CategoryLike[]): CategoryLike[] {
  for (const c of list) {
    out.push({ ...c, parentId: c.parentId ?? parentId });
    if (c.children?.length) flatten(c.children, c.id, out);
  }
  return out;
}

export function categoryTree(list: readonly CategoryLike[]): CategoryNode[] {
  const flat = flatten(list, null, []);
  const nodes = new Map(
    flat.map((c) => [c.id, { id: c.id, name: c.name, iconUrl: c.iconUrl, children: [] as CategoryNode[] }]),
  );
  const roots: CategoryNode[] = [];
  for (const c of flat) {
    const node = nodes.get(c.id)!;
    const parent = c.parentId != null ? nodes.get(c.parentId) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
