import { QueryTypes, type Sequelize } from 'sequelize';
import { MODULES } from './module-registry';
import { ensureAlipaySandboxKeys } from './integrations/alipay';
import { ensureSandboxKeys } from './integrations/wechatpay';
import { loadConfigWithSandbox } from './platform/config';
import { createSequelize } from './platform/db/database';

export interface InvariantBreach {
  module: string;
  name: string;
  rows: unknown[];
}

/** Runs every module's invariant queries: answers the ones that returned rows (an empty list: all hold). */
export async function checkInvariants(sequelize: Sequelize): Promise<InvariantBreach[]> {
  const breaches: InvariantBreach[] = [];
  for (const module of MODULES) {
    for (const { name, sql } of module.invariants ?? []) {
      const rows = await sequelize.query(sql, { type: QueryTypes.SELECT });
      if (rows.length > 0) breaches.push({ module: module.name, name, rows: rows.slice(0, 20) });
    }
  }
  return breaches;
}

/** npm run check:invariants : the invariant queries against DATABASE_URL; exits 1 when any returns rows. */
async function main() {
  // the sandboxes' keys only complete the configuration outside production; nothing here uses them
  const { config } = loadConfigWithSandbox(process.env, ensureSandboxKeys, ensureAlipaySandboxKeys);
  const sequelize = createSequelize(config.databaseUrl);
  try {
    const breaches = await checkInvariants(sequelize);
    const checked = MODULES.flatMap((m) => (m.invariants ?? []).map((q) => `${m.name}: ${q.name}`));
    for (const line of checked) {
      const breach = breaches.find((b) => `${b.module}: ${b.name}` === line);
      console.log(`${breach ? '✖' : '✔'} ${line}`);
      if (breach) console.log(JSON.stringify(breach.rows, null, 2));
    }
    process.exitCode = breaches.length > 0 ? 1 : 0;
  } finally {
    await sequelize.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
