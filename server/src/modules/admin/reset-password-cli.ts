import { parseArgs } from 'node:util';
import { ensureSandboxKeys } from '../../integrations/wechatpay';
import { loadConfigWithSandbox } from '../../platform/config';
import { createSequelize } from '../../platform/db/database';
import { initAdminModels } from './admin.model';
import { operatorOfThisShell, resetAdminPassword } from './reset-password';

const USAGE = `npm run admin:reset-password -- [--username NAME] [--generate]
  Sets a new password for the admin NAME (default ADMIN_USERNAME, else "admin") in the database the server uses
  (same environment as npm start / production). The new password is ADMIN_PASSWORD when set, unless --generate;
  otherwise one is generated and printed once. The reset is written to the admin audit log.`;

/** Run with the server's environment, against its database; the server may keep running. */
async function main() {
  const { values } = parseArgs({
    options: { username: { type: 'string' }, generate: { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (values.help) return console.log(USAGE);
  const { config } = loadConfigWithSandbox(process.env, ensureSandboxKeys);
  const sequelize = createSequelize(config.databaseUrl);
  initAdminModels(sequelize);
  try {
    const result = await resetAdminPassword(sequelize, {
      username: values.username ?? config.admin.username,
      password: values.generate ? undefined : config.admin.password,
      operator: operatorOfThisShell(),
    });
    console.log(
      result.generatedPassword
        ? `Password of admin "${result.username}" reset to: ${result.generatedPassword}  (shown once; save it)`
        : `Password of admin "${result.username}" set to ADMIN_PASSWORD.`,
    );
  } finally {
    await sequelize.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
