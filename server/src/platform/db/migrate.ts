import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { DataTypes, QueryTypes, type QueryInterface, type Sequelize } from 'sequelize';
import type * as umzug from 'umzug';
import { CODE_DIR } from '../paths';
import { bundledMigrations } from './bundled-migrations';

export interface MigrationContext {
  queryInterface: QueryInterface;
  sequelize: Sequelize;
  DataTypes: typeof DataTypes;
}
export interface MigrationModule {
  up(ctx: MigrationContext): Promise<void>;
  down(ctx: MigrationContext): Promise<void>;
}

const MODULES_DIR = path.join(CODE_DIR, 'modules');
/** Platform parts that own tables (the event outbox). */
const PLATFORM_MIGRATION_DIRS = [path.join(CODE_DIR, 'platform/events/migrations')];

/**
 * Each business module owns its tables: migrations live in modules/<area>/migrations/ (and, for platform
 * tables, in the platform part's migrations/) and run in the global order of their timestamped file names.
 * Names are stored without the extension, so runs from .ts and compiled .js agree (umzug would otherwise
 * record "x.ts" and "x.js" as different migrations).
 */
function discoverMigrations(): { name: string; load: () => MigrationModule }[] {
  if (bundledMigrations) return bundledMigrations.map((m) => ({ name: m.name, load: m.load as () => MigrationModule }));
  const found: { name: string; load: () => MigrationModule }[] = [];
  const moduleDirs = readdirSync(MODULES_DIR).map((area) => path.join(MODULES_DIR, area, 'migrations'));
  for (const dir of [...PLATFORM_MIGRATION_DIRS, ...moduleDirs]) {
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)) {
      if (!/\.(ts|js)$/.test(file) || file.endsWith('.d.ts') || file.includes('.test.')) continue;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const load = () => require(path.join(dir, file)) as MigrationModule;
      found.push({ name: file.replace(/\.(ts|js)$/, ''), load });
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

export function createMigrator(sequelize: Sequelize): umzug.Umzug<MigrationContext> {
  // loaded here, not at the top: umzug brings its command-line parser, and most boots have nothing to migrate
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SequelizeStorage, Umzug } = require('umzug') as typeof umzug;
  const context: MigrationContext = { queryInterface: sequelize.getQueryInterface(), sequelize, DataTypes };
  return new Umzug<MigrationContext>({
    migrations: discoverMigrations().map(({ name, load }) => ({
      name,
      up: ({ context: c }) => load().up(c),
      down: ({ context: c }) => load().down(c),
    })),
    context,
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: undefined,
  });
}

/** True when every migration on disk is recorded as applied (no table yet: false). */
async function allApplied(sequelize: Sequelize): Promise<boolean> {
  let applied: Set<string>;
  try {
    const rows = await sequelize.query<{ name: string }>('SELECT name FROM schema_migrations', {
      type: QueryTypes.SELECT,
    });
    applied = new Set(rows.map((r) => r.name));
  } catch {
    return false;
  }
  return discoverMigrations().every((m) => applied.has(m.name));
}

export async function migrateUp(sequelize: Sequelize): Promise<string[]> {
  // every restart of an up-to-date api: one query, and umzug is never loaded
  if (await allApplied(sequelize)) return [];
  const done = await createMigrator(sequelize).up();
  return done.map((m) => m.name);
}
