import type { AdminMemberRow, MemberSearchQuery } from '@mall/shared/admin';
import type { PlatformDeps } from '../platform/deps';
import { memberIdsAtLevel } from '../modules/loyalty';
import { exportMembers, searchMembers, type MemberSearch } from '../modules/members';
import { membersBelow } from '../modules/team';
import { completeMemberRows } from './member-views';

/**
 * Admin member search and export. Members searches its own columns (keyword, join dates); the level filter is
 * answered by loyalty and the referrer filter by team, each as the set of member ids it allows.
 * A level holds many members, so the set can be large: fine at today's size; a search index would replace it.
 */
async function scopeOf(query: MemberSearchQuery): Promise<MemberSearch> {
  const { levelCode, referrerId, ...own } = query;
  const sets: number[][] = [];
  if (levelCode) sets.push(await memberIdsAtLevel(levelCode));
  if (referrerId) sets.push((await membersBelow(referrerId, 1))[0]);
  if (!sets.length) return own;
  const [first, ...rest] = sets;
  const others = rest.map((ids) => new Set(ids));
  return { ...own, memberIdIn: first.filter((id) => others.every((set) => set.has(id))) };
}

export async function searchMembersWithLevels(
  deps: Pick<PlatformDeps, 'config'>,
  query: MemberSearchQuery & { page: number; pageSize: number },
): Promise<{ items: AdminMemberRow[]; total: number; page: number; pageSize: number }> {
  const { page, pageSize } = query;
  return searchMembers(deps, { ...(await scopeOf(query)), page, pageSize }, completeMemberRows);
}

export async function exportMembersWithLevels(
  deps: Pick<PlatformDeps, 'config'>,
  query: MemberSearchQuery,
): Promise<{ file: Buffer; rowCount: number }> {
  return exportMembers(deps, await scopeOf(query), completeMemberRows);
}
