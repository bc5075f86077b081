import { z } from 'zod';
import { access, defineRoute } from '@mall/shared';

const ComponentState = z.object({ ok: z.boolean(), detail: z.string().optional() });

export const healthContract = defineRoute({
  method: 'GET',
  path: '/health',
  summary: 'Liveness and readiness: database, redis and queues; 503 when one is down',
  tags: ['ops'],
  access: access.public,
  response: z.object({
    status: z.enum(['ok', 'degraded']),
    mode: z.string(),
    database: ComponentState,
    redis: ComponentState,
    queues: z.record(z.string(), ComponentState),
  }),
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
