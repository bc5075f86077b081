import {
  adminCreateFreightTemplate,
  adminDeleteFreightTemplate,
  adminGetFreightTemplate,
  adminListFreightTemplates,
  adminUpdateFreightTemplate,
} from '@mall/shared/admin';
import type { PlatformDeps } from '../../platform/deps';
import type { AdminActor, ApiRouter } from '../../platform/http/api-router';
import {
  createFreightTemplate,
  deleteFreightTemplate,
  getFreightTemplate,
  listFreightTemplates,
  updateFreightTemplate,
} from './freight-templates';

export function registerFreightAdminRoutes(api: ApiRouter, deps: PlatformDeps) {
  api.add(adminListFreightTemplates, async () => ({ items: await listFreightTemplates() }));
  api.add(adminGetFreightTemplate, ({ params }) => getFreightTemplate(params.id));
  api.add(adminCreateFreightTemplate, ({ body, ctx }) =>
    createFreightTemplate(deps, ctx.state.actor as AdminActor, body),
  );
  api.add(adminUpdateFreightTemplate, ({ params, body, ctx }) =>
    updateFreightTemplate(deps, ctx.state.actor as AdminActor, params.id, body),
  );
  api.add(adminDeleteFreightTemplate, ({ params, ctx }) =>
    deleteFreightTemplate(deps, ctx.state.actor as AdminActor, params.id),
  );
}
