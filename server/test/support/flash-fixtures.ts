import { queuesDrained } from './drained';
import { ADDRESS } from './fixtures';
import { waitFor } from './loyalty-fixtures';
import type { TestApp } from './test-app';

/** A published flash session live now (from a minute ago for an hour), one item per entry. */
export async function liveFlashSession(
  app: TestApp,
  items: { skuId: number; flashPriceFen: number; stock: number; perMemberLimit: number }[],
) {
  const token = await app.adminToken();
  const created = await app.http('POST', '/api/admin/flash/sessions', {
    token,
    body: {
      name: '10:00 场',
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      items,
    },
  });
  if (created.status !== 201) throw new Error(`create session: ${created.status} ${created.text}`);
  const published = await app.http('POST', `/api/admin/flash/sessions/${created.body.id}/publish`, { token });
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${published.text}`);
  return published.body as { id: number; items: { id: number; skuId: number }[] };
}

let seq = 0;
export function grab(app: TestApp, token: string, itemId: number, quantity = 1) {
  return app.http('POST', `/api/flash/items/${itemId}/grab`, {
    token,
    body: { quantity, address: ADDRESS, requestId: `grab-${process.pid}-${seq++}` },
  });
}

/** Members logged in a few at a time (the login itself is not what is tested). */
export async function loginMany(app: TestApp, prefix: string, count: number) {
  const members: { token: string; member: { id: number } }[] = [];
  for (let i = 0; i < count; i += 10) {
    const batch = Array.from({ length: Math.min(10, count - i) }, (_, j) => app.loginMember(`${prefix}-${i + j}`));
    members.push(...(await Promise.all(batch)));
  }
  return members;
}

/** The item's Redis hash, read straight from Redis. */
export function redisItem(app: TestApp, itemId: number): Promise<Record<string, string>> {
  return app.services.redis.hgetall(`${app.config.redisPrefix}:flash:item:${itemId}`);
}

export function redisCommand(app: TestApp, command: string, ...args: (string | number)[]) {
  return app.services.redis.call(command, ...args);
}

/** Units each member holds in Redis (m:<member>). */
export const heldInRedis = (hash: Record<string, string>) =>
  Object.entries(hash)
    .filter(([k]) => k.startsWith('m:'))
    .map(([k, v]) => [Number(k.slice(2)), Number(v)] as const);

/**
 * Every grabbed ticket handed to the flash queue by the pump (the pending list and the moving hash empty), then
 * the queues and the outbox drained.
 */
export async function flashDrained(app: TestApp, timeoutMs = 180_000) {
  const prefix = app.config.redisPrefix;
  await waitFor(async () => {
    const [pending, moving] = await Promise.all([
      redisCommand(app, 'LLEN', `${prefix}:flash:pending`),
      redisCommand(app, 'HLEN', `${prefix}:flash:moving`),
    ]);
    return Number(pending) === 0 && Number(moving) === 0;
  }, timeoutMs);
  await queuesDrained(app.services, { timeoutMs });
}
