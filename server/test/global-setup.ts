import mysql from 'mysql2/promise';
import IORedis from 'ioredis';

/**
 * Tests use real MariaDB/MySQL and Redis. Fail early, with the reason, when either is missing, instead of
 * letting every test time out.
 */
export default async function globalSetup() {
  const url = process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/test';
  try {
    const conn = await mysql.createConnection(url.replace(/^mariadb:/, 'mysql:'));
    await conn.query('SELECT 1');
    await conn.end();
  } catch (error) {
    throw new Error(
      `Tests need MySQL/MariaDB at ${url} (set DATABASE_URL; .ci/run prepares it): ${(error as Error).message}`,
      { cause: error },
    );
  }
  const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(
      `Tests need Redis at ${process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'}: ${(error as Error).message}`,
      { cause: error },
    );
  } finally {
    redis.disconnect();
  }
}
