/**
 * Materialized ancestor paths: '/1/5/9/' lists every ancestor of a member, root first, between slashes.
 * A root's path is '/'. The slashes make prefixes exact: the subtree of member 5 under root 1 is every path
 * starting with '/1/5/', which never matches '/1/55/'.
 */
export const ROOT_PATH = '/';

export function childPath(parentPath: string, parentId: number): string {
  return `${parentPath}${parentId}/`;
}

export function ancestorsOf(path: string): number[] {
  const ids: number[] = [];
  for (const part of path.split('/')) if (part) ids.push(Number(part));
  return ids;
}

/** True when `memberId` is `candidateId` itself or one of its ancestors: binding candidate under member would loop. */
export function isAncestorOrSelf(memberId: number, candidateId: number, candidatePath: string): boolean {
  return memberId === candidateId || candidatePath.includes(`/${memberId}/`);
}

/** The last ancestor (the referrer) without splitting the whole path: '/1/5/9/' -> 9, '/' -> null. */
export function parentFromPath(path: string): number | null {
  if (path.length <= 1) return null;
  return Number(path.slice(path.lastIndexOf('/', path.length - 2) + 1, -1));
}
