import path from 'node:path';
import type { Middleware } from 'koa';
import type { PlatformDeps } from '../deps';
import type { ApiRouter } from './api-router';
import { registerHealthRoutes } from './health';
import { docsContract, metricsContract, openapiContract } from './infra-contracts';
import { metricsRefusal } from './metrics';
import { buildOpenApi } from './openapi';
import { serveFolder } from './static-files';

const DOCS_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>Mall API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head><body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui', deepLinking: true });</script></body></html>`;

/** The ops routes; `probes` answers the health probes ahead of the rest of the middleware (app.ts uses it first). */
export function registerInfraRoutes(api: ApiRouter, deps: PlatformDeps): { probes: Middleware } {
  const health = registerHealthRoutes(api, deps);
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
  return { probes: health.probes };
}

/**
 * Swagger UI's own files, served beside /docs. The folder is found from the package's package.json: requiring
 * 'swagger-ui-dist' for its getAbsoluteFSPath() would evaluate the 1.5 MB browser bundle at every boot.
 */
export function swaggerAssets(): Middleware {
  return serveFolder('/docs/assets', path.dirname(require.resolve('swagger-ui-dist/package.json')));
}
