import { loadConfig } from '../config';
import { createSequelize } from './database';
import { createMigrator } from './migrate';

/** npm run migrate [-- down] : applies (or reverts one) schema migration against DATABASE_URL. */
async function main() {
  const config = loadConfig(process.env);
  const sequelize = createSequelize(config.databaseUrl);
  const migrator = createMigrator(sequelize);
  const done = process.argv[2] === 'down' ? await migrator.down() : await migrator.up();
  console.log(done.length ? done.map((m) => `migrated ${m.name}`).join('\n') : 'schema is up to date');
  await sequelize.close();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
