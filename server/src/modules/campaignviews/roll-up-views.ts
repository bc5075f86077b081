import { QueryTypes } from 'sequelize';
import { CAMPAIGN_KINDS, type CampaignKind } from '@mall/shared/admin';
import { chinaDay } from '../../platform/china-day';
import { isSqlite } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { memberIdByCode } from '../members';
import { ROLLUP_DAYS, viewKeys } from './count-views';

type Deps = Pick<PlatformDeps, 'redis' | 'config' | 'sequelize'>;

const CHUNK = 500;

/** On a clash of the key, the greater count stays (MariaDB, and SQLite for the quickstart). */
function keepGreater(deps: Deps, key: readonly string[], column: string): string {
  return isSqlite(deps.sequelize)
    ? `ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${column} = MAX(${column}, excluded.${column}), ` +
        'updated_at = excluded.updated_at'
    : `ON DUPLICATE KEY UPDATE ${column} = GREATEST(${column}, VALUES(${column})), updated_at = VALUES(updated_at)`;
}
const isKind = (k: string): k is CampaignKind => (CAMPAIGN_KINDS as readonly string[]).includes(k);

/** Distributors by invite code, one read per distinct code; a code nobody holds counts as no share (0). */
async function promotersOf(codes: readonly string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>([['', 0]]);
  for (const code of new Set(codes)) if (!found.has(code)) found.set(code, (await memberIdByCode(code)) ?? 0);
  return found;
}

/**
 * Writes what Redis counted for the last few China days, and each viewed campaign's unique viewers, into the
 * database. It writes the counters as they stand (GREATEST: a slower concurrent run never takes a count back), never
 * adds them, so a run repeated, retried or overlapping another leaves the same rows: the rollup happens once in
 * effect however often it runs. Answers how many day rows and campaigns it wrote.
 */
export async function rollUpCampaignViews(deps: Deps, now = new Date()): Promise<{ rows: number; campaigns: number }> {
  const keys = viewKeys(deps.config.redisPrefix);
  const days = Array.from({ length: ROLLUP_DAYS }, (_, i) => chinaDay(new Date(now.getTime() - i * 86_400_000)));
  const read = deps.redis.pipeline();
  for (const day of days) read.hgetall(keys.day(day));
  const hashes = ((await read.exec()) ?? []).map(([err, value]) => {
    if (err) throw err;
    return value as Record<string, string>;
  });

  const counted: { kind: CampaignKind; campaignId: number; day: string; code: string; views: number }[] = [];
  hashes.forEach((hash, i) => {
    for (const [field, value] of Object.entries(hash)) {
      const [kind = '', id = '', code = ''] = field.split(':');
      if (isKind(kind) && /^\d+$/.test(id)) {
        counted.push({ kind, campaignId: Number(id), day: days[i]!, code, views: Number(value) });
      }
    }
  });
  if (!counted.length) return { rows: 0, campaigns: 0 };

  const promoters = await promotersOf(counted.map((c) => c.code));
  const rows = new Map<
    string,
    { kind: CampaignKind; campaignId: number; day: string; promoterId: number; views: number }
  >();
  for (const c of counted) {
    const promoterId = promoters.get(c.code) ?? 0;
    const key = `${c.kind}:${c.campaignId}:${c.day}:${promoterId}`;
    const row = rows.get(key) ?? { kind: c.kind, campaignId: c.campaignId, day: c.day, promoterId, views: 0 };
    row.views += c.views; // an unknown code and no code both count as promoter 0
    rows.set(key, row);
  }
  const all = [...rows.values()];
  for (let i = 0; i < all.length; i += CHUNK) {
    const chunk = all.slice(i, i + CHUNK);
    await deps.sequelize.query(
      `INSERT INTO campaign_view_days (kind, campaign_id, day, promoter_id, views, updated_at)
       VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
       ${keepGreater(deps, ['kind', 'campaign_id', 'day', 'promoter_id'], 'views')}`,
      {
        replacements: chunk.flatMap((r) => [r.kind, r.campaignId, r.day, r.promoterId, r.views, now]),
        type: QueryTypes.INSERT,
      },
    );
  }

  const campaigns = [...new Map(all.map((r) => [`${r.kind}:${r.campaignId}`, r])).values()];
  const count = deps.redis.pipeline();
  for (const c of campaigns) count.pfcount(keys.viewers(c.kind, c.campaignId));
  const uniques = ((await count.exec()) ?? []).map(([err, value]) => (err ? 0 : Number(value)));
  await deps.sequelize.query(
    `INSERT INTO campaign_view_totals (kind, campaign_id, unique_viewers, updated_at)
     VALUES ${campaigns.map(() => '(?, ?, ?, ?)').join(', ')}
     ${keepGreater(deps, ['kind', 'campaign_id'], 'unique_viewers')}`,
    {
      replacements: campaigns.flatMap((c, i) => [c.kind, c.campaignId, uniques[i]!, now]),
      type: QueryTypes.INSERT,
    },
  );
  return { rows: all.length, campaigns: campaigns.length };
}
