import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { DataTypes, QueryTypes, type QueryInterface, type Sequelize } from 'sequelize';
import type * as umzug from 'umzug';

export interface MigrationContext {
  queryInterface: QueryInterface;
  sequelize: Sequelize;
  DataTypes: typeof DataTypes;
}
export interface MigrationModule {
  up(ctx: MigrationContext): Promise<void>;
  down(ctx: MigrationContext): Promise<void>;
}

const MODULES_DIR = path.join(__dirname, '../../modules');
/** Platform parts that own tables (the event outbox). */
const PLATFORM_MIGRATION_DIRS = [path.join(__dirname, '../events/migrations')];

/**
 * Each business module owns its tables: migrations live in modules/<area>/migrations/ (and, for platform
 * tables, in the platform part's migrations/) and run in the global order of their timestamped file names.
 * Names are stored without the extension, so runs from .ts and compiled .js agree (umzug would otherwise
 * record "x.ts" and "x.js" as different migrations).
 */
function discoverMigrations(): { name: string; file: string }[] {
  const found: { name: string; file: string }[] = [];
  const moduleDirs = readdirSync(MODULES_DIR).map((area) => path.join(MODULES_DIR, area, 'migrations'));
  for (const dir of [...PLATFORM_MIGRATION_DIRS, ...moduleDirs]) {
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)) {
      if (!/\.(ts|js)$/.test(file) || file.endsWith('.d.ts') || file.includes('.test.')) continue;
      found.push({ name: file.replace(/\.(ts|js)$/, ''), file: path.join(dir, file) });
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
    migrations: discoverMigrations().map(({ name, file }) => ({
      name,
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      up: ({ context: c }) => (require(file) as MigrationModule).up(c),
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      down: ({ context: c }) => (require(file) as MigrationModule).down(c),
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
