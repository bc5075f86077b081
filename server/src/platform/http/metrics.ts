import { createHash, timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { sharedBatchTotals } from '../db/statement-batch';
import type { Config } from '../config';
import { AuthError, DomainError } from '../errors';
import { DurationHistogram } from './duration-histogram';

export interface Metrics {
  registry: Registry;
  /** http_request_duration_seconds by method, route pattern and status (duration-histogram.ts). */
  httpDuration: DurationHistogram;
  businessEvents: Counter<'event' | 'outcome'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // group commit (platform/db/statement-batch.ts): works per shared transaction = works / texts
  for (const [key, help] of [
    ['texts', 'Shared placement transactions sent (group commit)'],
    ['works', 'Placements carried by shared transactions'],
    ['ranAlone', 'Placements run again alone after their shared transaction failed'],
  ] as const) {
    new Gauge({
      name: `mall_shared_batch_${key === 'ranAlone' ? 'ran_alone' : key}_total`,
      help,
      registers: [registry],
      collect() {
        this.set(sharedBatchTotals[key]);
      },
    });
  }
  const httpDuration = new DurationHistogram(
    'http_request_duration_seconds',
    'HTTP request duration by route pattern',
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  );
  registry.registerMetric(httpDuration.asMetric());
  return {
    registry,
    httpDuration,
    businessEvents: new Counter({
      name: 'mall_business_events_total',
      help: 'Business events (orders placed, payment notifications by outcome, ...)',
      labelNames: ['event', 'outcome'],
      registers: [registry],
    }),
  };
}

/** Times each request under its route pattern (never the raw path, which would explode the label set). */
export function measureRequests(metrics: Metrics): Middleware {
  const observe = requestObserver(metrics);
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const route = String((ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched');
      observe(ctx.method, route, ctx.status, started);
    }
  };
}

/**
 * Records a request's duration since `started` (process.hrtime.bigint()) under its method, route pattern and
 * status (the histogram's recorder of that label set). Koa's requests (measureRequests) and the gated routes
 * (lean-route.ts) record through it.
 */
export function requestObserver(metrics: Metrics) {
  return (method: string, route: string, status: number, started: bigint): void =>
    metrics.httpDuration.of(method, route, status)(Number(process.hrtime.bigint() - started) / 1e9);
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Who may read /metrics (it shows routes, volumes and process internals): with METRICS_TOKEN set, only a caller
 * sending it as a bearer token; without one, anyone in quickstart and test, and no one in production.
 */
export function metricsRefusal(
  config: Pick<Config, 'mode' | 'metricsToken'>,
  authorization: string | undefined,
): DomainError | undefined {
  if (!config.metricsToken) {
    return config.mode === 'production'
      ? new DomainError('METRICS_DISABLED', 'Set METRICS_TOKEN to expose /metrics', 403)
      : undefined;
  }
  const sent = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim() ?? '';
  // compared as digests: equal length, constant time, and the token's length does not leak either
  if (sent && timingSafeEqual(digest(sent), digest(config.metricsToken))) return undefined;
  return new AuthError('Send the metrics token: Authorization: Bearer METRICS_TOKEN', 'METRICS_TOKEN_REQUIRED');
}
