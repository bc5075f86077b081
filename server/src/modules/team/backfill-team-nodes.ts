import { QueryTypes, type Sequelize } from 'sequelize';
import { childPath, ROOT_PATH } from './tree-path';

interface Row {
  id: number;
  referrer_id: number | null;
}

/**
 * Members who existed before the team module get their node, path and member counts (orders count from
 * the day the module is installed). A referrer cycle in old data, which the binding rules now forbid, is cut
 * by making the member where it closes a root.
 * Only the migration that creates the team tables calls this, once. It reads members.referrer_id, the old copy of
 * the link, which exists at that point of the migration order (20261130000200 drops it later); on a database
 * where it is already gone there is no old link to carry over, and every member starts as a root.
 */
export async function backfillTeamNodes(sequelize: Sequelize): Promise<void> {
  const hasOldLink = 'referrer_id' in (await sequelize.getQueryInterface().describeTable('members'));
  const rows = await sequelize.query<Row>(
    `SELECT id, ${hasOldLink ? 'referrer_id' : 'NULL AS referrer_id'} FROM members ORDER BY id`,
    { type: QueryTypes.SELECT },
  );
  if (rows.length === 0) return;
  const parentOf = new Map(rows.map((r) => [Number(r.id), r.referrer_id === null ? null : Number(r.referrer_id)]));
  const pathOf = new Map<number, string>();
  const resolve = (id: number): string => {
    const chain: number[] = [];
    let cursor: number | null = id;
    while (cursor !== null && !pathOf.has(cursor) && !chain.includes(cursor) && parentOf.has(cursor)) {
      chain.push(cursor);
      cursor = parentOf.get(cursor) ?? null;
    }
    let path = cursor !== null && pathOf.has(cursor) ? childPath(pathOf.get(cursor)!, cursor) : ROOT_PATH;
    for (let i = chain.length - 1; i >= 0; i--) {
      pathOf.set(chain[i], path);
      path = childPath(path, chain[i]);
    }
    return pathOf.get(id)!;
  };
  const direct = new Map<number, number>();
  const team = new Map<number, number>();
  for (const { id } of rows) {
    const ancestors = resolve(Number(id)).split('/').filter(Boolean).map(Number);
    for (const a of ancestors) team.set(a, (team.get(a) ?? 0) + 1);
    const parent = ancestors.at(-1);
    if (parent !== undefined) direct.set(parent, (direct.get(parent) ?? 0) + 1);
  }
  const now = new Date();
  const nodes = rows.map(({ id }) => {
    const path = pathOf.get(Number(id))!;
    const ancestors = path.split('/').filter(Boolean);
    return {
      member_id: Number(id),
      referrer_id: ancestors.length ? Number(ancestors.at(-1)) : null,
      depth: ancestors.length,
      ancestor_path: path,
      bound_at: ancestors.length ? now : null,
      direct_count: direct.get(Number(id)) ?? 0,
      team_count: team.get(Number(id)) ?? 0,
      created_at: now,
      updated_at: now,
    };
  });
  for (let i = 0; i < nodes.length; i += 1000)
    await sequelize.getQueryInterface().bulkInsert('team_nodes', nodes.slice(i, i + 1000));
}
