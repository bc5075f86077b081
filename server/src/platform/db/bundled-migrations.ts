/**
 * The migrations compiled into the production bundle; undefined everywhere else (tsx, Jest, tsc's output), where
 * migrate.ts finds them on disk. scripts/build.mjs replaces this module in the bundle with the list of every
 * migration file, each evaluated only when it runs: a migration read from disk beside the bundle would bring its
 * own copy of Sequelize, whose data types the bundled one does not recognise.
 */
export const bundledMigrations: readonly { name: string; load: () => unknown }[] | undefined = undefined;
