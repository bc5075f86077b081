import type { Context, Middleware } from 'koa';
import type { z } from 'zod';
import type { PlatformDeps } from '../deps';
import { withTimeout } from '../with-timeout';
import type { ApiRouter } from './api-router';
import { healthContract, liveContract, readyContract, ReadinessBody } from './infra-contracts';

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

interface Check {
  body: Readiness;
  /** The body as sent: serialized and encoded once per check, whatever the number of probes answered with it. */
  json: Buffer;
  ok: boolean;
  at: number;
}

/**
 * The readiness of this process (database, Redis, every queue with its job counts, the outbox backlog), checked
 * at most once per FRESH_MS however many probes arrive: concurrent callers share one check in flight.
 */
export class ReadinessMonitor {
  private last: Check | undefined;
  private inFlight: Promise<Check> | undefined;

  constructor(private readonly deps: Pick<PlatformDeps, 'sequelize' | 'redis' | 'queues' | 'events' | 'config'>) {}

  /** A check no older than FRESH_MS: waits for one when needed. */
  async current(): Promise<Check> {
    if (this.last && Date.now() - this.last.at < FRESH_MS) return this.last;
    return this.refresh();
  }

  /**
   * Without waiting when possible: a recent enough answer is given at once and a new check starts behind it
   * (stale while revalidating), so a probe costs no I/O of its own.
   */
  async recent(): Promise<Check> {
    const last = this.last;
    if (!last || Date.now() - last.at >= USABLE_MS) return this.refresh();
    if (Date.now() - last.at >= FRESH_MS) void this.refresh().catch(() => undefined);
    return last;
  }

  private refresh() {
    this.inFlight ??= this.check().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async check(): Promise<Check> {
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
    // checked against the contract here, once per check: the probes' answers are this very text
    const result = { body, json: Buffer.from(JSON.stringify(ReadinessBody.parse(body))), ok, at: Date.now() };
    this.last = result;
    return result;
  }
}

/**
 * GET /health and /health/ready answer readiness (503 when a part is down): /health from the last check when it
 * is at most USABLE_MS old (a new one starts behind it once it is FRESH_MS old), /health/ready from a check at
 * most FRESH_MS old. GET /health/live only says the process answers. See the README, "Ops endpoints".
 *
 * The routes are declared (access, OpenAPI) like every other; `probes` answers them first in the middleware
 * chain, as a load balancer's probe needs nothing of it: no request id, no request metrics (probes would drown
 * the real traffic's latencies), no body parsing, no route matching.
 */
export function registerHealthRoutes(
  api: ApiRouter,
  deps: ConstructorParameters<typeof ReadinessMonitor>[0],
): { probes: Middleware } {
  const monitor = new ReadinessMonitor(deps);
  // the check's own serialized text, sent as is: a probe costs no I/O, no validation and no JSON of its own
  const readiness = async (ctx: Context, latest: boolean) => {
    const check = latest ? await monitor.current() : await monitor.recent();
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Age', String(Math.floor((Date.now() - check.at) / 1000)));
    // 503 with the same body: load balancers take the instance out, humans read why
    ctx.status = check.ok ? 200 : 503;
    ctx.type = 'application/json; charset=utf-8';
    ctx.body = check.json;
  };
  const liveness = (ctx: Context) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'application/json; charset=utf-8';
    ctx.body = LIVE_JSON;
  };
  const answers: Record<string, (ctx: Context) => Promise<void> | void> = {
    [healthContract.path]: (ctx) => readiness(ctx, false),
    [readyContract.path]: (ctx) => readiness(ctx, true),
    [liveContract.path]: liveness,
  };
  // reached only when `probes` is not mounted: the route's own middleware answers, the handler never runs
  const answered =
    (path: string): Middleware =>
    async (ctx) =>
      answers[path](ctx);
  const unreachable = async (): Promise<never> => {
    throw new Error('answered by the health middleware');
  };
  api.add(healthContract, unreachable, [answered(healthContract.path)]);
  api.add(readyContract, unreachable, [answered(readyContract.path)]);
  api.add(liveContract, unreachable, [answered(liveContract.path)]);
  return {
    probes: async (ctx, next) => {
      const answer = ctx.method === 'GET' ? answers[ctx.path] : undefined;
      if (answer) return answer(ctx);
      return next();
    },
  };
}

const LIVE_JSON = Buffer.from(JSON.stringify({ status: 'ok' }));
