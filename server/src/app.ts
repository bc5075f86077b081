import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import { access } from '@mall/shared';
import {
  createWechatOpenApiSandboxRouter,
  createWechatPhoneSandboxRouter,
  createWechatSandboxRouter,
} from './integrations/wechat';
import { createWechatPaySandboxRouter } from './integrations/wechatpay';
import { createAlipaySandboxRouter } from './integrations/alipay';
import { mountFulfilmentSandboxes } from './fulfilment-sandboxes';
import { ApiRouter } from './platform/http/api-router';
import { ADMIN_COOKIE, requireAdmin, requireMember } from './platform/http/auth';
import { errorBoundary } from './platform/http/error-boundary';
import { JSON_BODY_LIMIT_BYTES, jsonBody } from './platform/http/json-body';
import { gateRequests } from './platform/http/request-gates';
import { registerInfraRoutes, swaggerAssets } from './platform/http/infra-routes';
import { measureRequests } from './platform/http/metrics';
import { assertRolesKnown, isKnownPermission, registerPermissions } from './platform/http/rbac';
import { requestId } from './platform/http/request-id';
import { serveFolder } from './platform/http/static-files';
import { isAdminActive } from './modules/admin';
import { AVATAR_URL_PREFIX, avatarDirOf } from './modules/members';
import { serveUploads } from './modules/catalog';
import { MODULES } from './module-registry';
import { mountBullBoard } from './platform/queue/bull-board';
import type { Services } from './services';
import path from 'node:path';
import { SERVER_DIR } from './platform/paths';

export interface BuiltApp {
  app: Koa;
  api: ApiRouter;
}

const MEDIA_DIR = path.join(SERVER_DIR, 'seed/media');

/** The Koa app without listening: main.ts listens, tests call it over real HTTP on a random port. */
export function createApp(services: Services): BuiltApp {
  const { config, logger, tokens } = services;
  const app = new Koa({ proxy: config.mode === 'production' });
  app.keys = [config.jwtSecret];
  app.on('error', (err: unknown) => logger.debug({ err }, 'koa error event'));

  const api = new ApiRouter(
    {
      member: requireMember(tokens),
      admin: (permission) => requireAdmin(tokens, permission, isAdminActive),
      isKnownPermission,
    },
    { checkResponses: config.checkResponses },
  );
  for (const module of MODULES) if (module.permissions) registerPermissions(module.permissions);
  assertRolesKnown();
  const infra = registerInfraRoutes(api, services);
  for (const module of MODULES) module.routes?.(api, services);

  if (config.sandbox && services.sandboxKeys) {
    api.mount(
      createWechatSandboxRouter({ appId: config.wechat.appId, appSecret: config.wechat.appSecret }),
      access.sandbox,
    );
    api.mount(
      createWechatPhoneSandboxRouter({ appId: config.wechat.appId, appSecret: config.wechat.appSecret }),
      access.sandbox,
    );
    api.mount(createWechatOpenApiSandboxRouter(), access.sandbox);
    api.mount(
      createWechatPaySandboxRouter({ keys: services.sandboxKeys, log: (msg, extra) => logger.info(extra ?? {}, msg) }),
      access.sandbox,
    );
    if (config.alipay && services.alipaySandboxKeys) {
      api.mount(
        createAlipaySandboxRouter({
          appId: config.alipay.appId,
          sellerId: config.alipay.sellerId,
          appPrivateKeyPem: config.alipay.appPrivateKeyPem,
          alipayPrivateKeyPem: services.alipaySandboxKeys.alipayPrivateKeyPem,
          log: (msg, extra) => logger.info(extra ?? {}, msg),
        }),
        access.sandbox,
      );
    }
    mountFulfilmentSandboxes(api, services); // issue 10: shipping upload, Kuaidi100 carrier, warehouse
  }

  // answers from memory only, on the bare request (before Koa makes a context)
  gateRequests(
    app,
    MODULES.flatMap((module) => (module.gate ? [module.gate(services)] : [])),
  );
  app.use(infra.probes); // health probes first: they need nothing of the chain below
  app.use(requestId());
  // outside the error boundary: a refused or failed request is measured with the status it is answered with
  app.use(measureRequests(services.metrics));
  app.use(errorBoundary(logger));
  app.use(swaggerAssets());
  app.use(serveUploads(config.catalog.mediaDir));
  app.use(serveFolder('/media', MEDIA_DIR));
  app.use(serveFolder(AVATAR_URL_PREFIX, avatarDirOf(config.dataDir)));
  mountBullBoard(app, api, services, requireAdmin(tokens, 'queues:manage', isAdminActive), ADMIN_COOKIE);
  app.use(jsonBody(JSON_BODY_LIMIT_BYTES)); // plain JSON bodies, the members' requests; the rest goes on to bodyParser
  app.use(bodyParser({ enableTypes: ['json', 'form'], jsonLimit: '1mb', formLimit: '256kb' }));
  app.use(api.routes());
  app.use(api.router.allowedMethods({ throw: false }));
  if (config.serveH5Dir) app.use(serveFolder('/', config.serveH5Dir));
  return { app, api };
}
