import type { Context } from 'koa';
import type { z } from 'zod';
import type { PlatformDeps } from '../deps';
import { withTimeout } from '../with-timeout';
import type { ApiRouter } from './api-router';
import { healthContract, liveContract, readyContract, type ReadinessBody } from './infra-contracts';

type Readiness = z.input<typeof ReadinessBody>;

/** An answer younger than this is current; probes in between share it. */
const FRESH_MS = 1_000;
/** Older than this, /health waits for a new check rather than answer from the past (probes had paused). */
const USABLE_MS = 10_000;
const CHECK_TIMEOUT_MS = 2_000;

async function probe<T>(check: () => Promise<T>): Promise<{ ok: boolean; detail?: string; value?: T }> {
  try {
    return { ok: true, value: await withTimeout(check(), CHECK_TIMEOUT_MS) };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

/** Handed to every probe until the next check: frozen, so it is also checked against the contract only once. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * The readiness of this process (database, Redis, every queue with its job counts, the outbox backlog), checked
 * at most once per FRESH_MS however many probes arrive: concurrent callers share one check in flight.
 */
export class ReadinessMonitor {
  private last: { body: Readiness; ok: boolean; at: number } | undefined;
  private inFlight: Promise<{ body: Readiness; ok: boolean; at: number }> | undefined;

  constructor(private readonly deps: Pick<PlatformDeps, 'sequelize' | 'redis' | 'queues' | 'events' | 'config'>) {}

  /** A check no older than FRESH_MS: waits for one when needed. */
  async current() {
    if (this.last && Date.now() - this.last.at < FRESH_MS) return this.last;
    return this.refresh();
  }

  /**
   * Without waiting when possible: a recent enough answer is given at once and a new check starts behind it
   * (stale while revalidating), so a probe costs no I/O of its own.
   */
  async recent() {
    const last = this.last;
    if (!last || Date.now() - last.at >= USABLE_MS) return this.refresh();
    if (Date.now() - last.at >= FRESH_MS) void this.refresh().catch(() => undefined);
    return last;
  }

  private refresh() {
    this.inFlight ??= this.check().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async check() {
    const { deps } = this;
    const queues = deps.queues.all();
    const [database, redis, outbox, ...queueStates] = await Promise.all([
      probe(() => deps.sequelize.query('SELECT 1')),
      probe(() => deps.redis.ping()),
      probe(() => deps.events.unrelayedCount()),
      ...queues.map((q) => probe(() => q.getJobCounts())),
    ]);
    const component = (p: { ok: boolean; detail?: string }) => (p.ok ? { ok: true } : { ok: false, detail: p.detail });
    const ok = database.ok && redis.ok && outbox.ok && queueStates.every((q) => q.ok);
    const body: Readiness = {
      status: ok ? 'ok' : 'degraded',
      mode: deps.config.mode,
      checkedAt: new Date().toISOString(),
      database: component(database),
      redis: component(redis),
      queues: Object.fromEntries(
        queues.map((q, i) => {
          const state = queueStates[i];
          const counts = state.value;
          return [
            q.name,
            counts
              ? {
                  ok: true,
                  waiting: counts.waiting,
                  active: counts.active,
                  delayed: counts.delayed,
                  failed: counts.failed,
                }
              : component(state),
          ];
        }),
      ),
      // a backlog is a lag, not an outage: relays resume by themselves (the sweep), so it does not fail readiness
      outbox: outbox.ok ? { ok: true, unrelayed: outbox.value ?? 0 } : component(outbox),
    };
    const result = { body: deepFreeze(body), ok, at: Date.now() };
    this.last = result;
    return result;
  }
}

/**
 * GET /health and /health/ready answer readiness (503 when a part is down): /health from the last check when it
 * is at most USABLE_MS old (a new one starts behind it once it is FRESH_MS old), /health/ready from a check at
 * most FRESH_MS old. GET /health/live only says the process answers. See the README, "Health".
 */
export function registerHealthRoutes(api: ApiRouter, deps: ConstructorParameters<typeof ReadinessMonitor>[0]) {
  const monitor = new ReadinessMonitor(deps);
  const answer = async (ctx: Context, latest: boolean) => {
    const { body, ok, at } = latest ? await monitor.current() : await monitor.recent();
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Age', String(Math.floor((Date.now() - at) / 1000)));
    // 503 with the same body: load balancers take the instance out, humans read why
    if (!ok) ctx.state.status = 503;
    return body;
  };
  api.add(healthContract, async ({ ctx }) => answer(ctx, false));
  api.add(readyContract, async ({ ctx }) => answer(ctx, true));
  api.add(liveContract, async ({ ctx }) => {
    ctx.set('Cache-Control', 'no-store');
    return { status: 'ok' as const };
  });
  return monitor;
}
