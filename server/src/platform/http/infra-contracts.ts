import { z } from 'zod';
import { access, defineRoute } from '@mall/shared';

const ComponentState = z.object({ ok: z.boolean(), detail: z.string().optional() });

export const ReadinessBody = z.object({
  status: z.enum(['ok', 'degraded']),
  mode: z.string(),
  /** When the parts were checked (at most once a second, whatever the number of probes). */
  checkedAt: z.string(),
  database: ComponentState,
  redis: ComponentState,
  queues: z.record(
    z.string(),
    ComponentState.extend({
      waiting: z.number().int().optional(),
      active: z.number().int().optional(),
      delayed: z.number().int().optional(),
      failed: z.number().int().optional(),
    }),
  ),
  /** Committed events not yet handed to the queue: a lag, reported, not an outage. */
  outbox: ComponentState.extend({ unrelayed: z.number().int().optional() }),
});

export const healthContract = defineRoute({
  method: 'GET',
  path: '/health',
  summary:
    'Readiness of database, redis, queues and the outbox (503 when one is down), from a check at most 1 s old ' +
    '(up to 10 s while a new one runs behind it)',
  tags: ['ops'],
  access: access.public,
  response: ReadinessBody,
});

export const readyContract = defineRoute({
  method: 'GET',
  path: '/health/ready',
  summary: 'Readiness as /health, always from a check at most 1 s old (probes share one check)',
  tags: ['ops'],
  access: access.public,
  response: ReadinessBody,
});

export const liveContract = defineRoute({
  method: 'GET',
  path: '/health/live',
  summary: 'Liveness: the process answers (no dependency is checked)',
  tags: ['ops'],
  access: access.public,
  response: z.object({ status: z.literal('ok') }),
});

export const openapiContract = defineRoute({
  method: 'GET',
  path: '/openapi.json',
  summary: 'This document',
  tags: ['ops'],
  access: access.public,
});

export const docsContract = defineRoute({
  method: 'GET',
  path: '/docs',
  summary: 'Swagger UI over /openapi.json',
  tags: ['ops'],
  access: access.public,
});

export const metricsContract = defineRoute({
  method: 'GET',
  path: '/metrics',
  summary: 'Prometheus metrics (text exposition format); Authorization: Bearer METRICS_TOKEN',
  tags: ['ops'],
  access: access.platform('prometheus'),
});
