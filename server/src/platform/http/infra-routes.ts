import path from 'node:path';
import type { Middleware } from 'koa';
import type { PlatformDeps } from '../deps';
import type { ApiRouter } from './api-router';
import { docsContract, healthContract, metricsContract, openapiContract } from './infra-contracts';
import { metricsRefusal } from './metrics';
import { buildOpenApi } from './openapi';
import { serveFolder } from './static-files';
import { withTimeout } from '../with-timeout';

async function probe(check: () => Promise<unknown>) {
  try {
    await withTimeout(check(), 2_000);
    return { ok: true };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

const DOCS_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>Mall API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head><body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui', deepLinking: true });</script></body></html>`;

export function registerInfraRoutes(api: ApiRouter, deps: PlatformDeps) {
  api.add(healthContract, async ({ ctx }) => {
    const [database, redis, ...queueStates] = await Promise.all([
      probe(() => deps.sequelize.query('SELECT 1')),
      probe(() => deps.redis.ping()),
      ...deps.queues.all().map((q) => probe(() => q.getJobCounts())),
    ]);
    const queues = Object.fromEntries(deps.queues.all().map((q, i) => [q.name, queueStates[i]]));
    const ok = database.ok && redis.ok && queueStates.every((q) => q.ok);
    const body = {
      status: ok ? ('ok' as const) : ('degraded' as const),
      mode: deps.config.mode,
      database,
      redis,
      queues,
    };
    ctx.set('Cache-Control', 'no-store');
    // 503 with the same body: load balancers take the instance out, humans read why
    if (!ok) ctx.state.status = 503;
    return body;
  });
  api.add(openapiContract, async ({ ctx }) => {
    ctx.body = buildOpenApi(api.allRoutes(), { title: 'Mall API', version: '0.1.0' });
  });
  api.add(docsContract, async ({ ctx }) => {
    ctx.type = 'html';
    ctx.body = DOCS_HTML;
  });
  api.add(metricsContract, async ({ ctx }) => {
    const refusal = metricsRefusal(deps.config, ctx.get('authorization'));
    if (refusal) throw refusal;
    ctx.type = deps.metrics.registry.contentType;
    ctx.body = await deps.metrics.registry.metrics();
  });
}

/**
 * Swagger UI's own files, served beside /docs. The folder is found from the package's package.json: requiring
 * 'swagger-ui-dist' for its getAbsoluteFSPath() would evaluate the 1.5 MB browser bundle at every boot.
 */
export function swaggerAssets(): Middleware {
  return serveFolder('/docs/assets', path.dirname(require.resolve('swagger-ui-dist/package.json')));
}
