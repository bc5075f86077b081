import type Koa from 'koa';
import type { Middleware } from 'koa';
import { access } from '@mall/shared';
import type { ApiRouter } from '../http/api-router';
import type { PlatformDeps } from '../deps';

export const BULL_BOARD_PATH = '/admin/queues';

/**
 * Bull Board behind the queues:manage permission; the token may come as a bearer header or the admin cookie.
 * The board (its Koa router, views and UI) is loaded on the first admin request, not at boot.
 */
export function mountBullBoard(app: Koa, api: ApiRouter, deps: PlatformDeps, guard: Middleware, _cookie: string) {
  let board: Promise<Middleware> | undefined;
  api.declareMountedApp(BULL_BOARD_PATH, access.admin('queues:manage'));
  app.use((ctx, next) =>
    ctx.path !== BULL_BOARD_PATH && !ctx.path.startsWith(`${BULL_BOARD_PATH}/`)
      ? next()
      : guard(ctx, async () => (await (board ??= loadBoard(deps)))(ctx, next)),
  );
}

async function loadBoard(deps: PlatformDeps): Promise<Middleware> {
  const [{ createBullBoard }, { BullAdapter }, { KoaAdapter }] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullAdapter'),
    import('@bull-board/koa'),
  ]);
  const adapter = new KoaAdapter();
  adapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({ queues: deps.queues.all().map((q) => new BullAdapter(q)), serverAdapter: adapter });
  return adapter.registerPlugin();
}
