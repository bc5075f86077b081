import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Context, Middleware, Next } from 'koa';
import send from 'koa-send';

/**
 * Serves a built folder (the H5 shop, seed media, Swagger UI assets) under a URL prefix. Hashed assets are
 * cached for a year; HTML is revalidated every time so a new build shows up at once.
 */
export function serveFolder(prefix: string, root: string, options: { fallbackIndex?: boolean } = {}): Middleware {
  const base = prefix.endsWith('/') ? prefix : `${prefix}/`;
  // requests elsewhere pass on synchronously: no async frame on every API call for a folder they never touch
  return (ctx, next) =>
    (ctx.method !== 'GET' && ctx.method !== 'HEAD') || !(ctx.path === prefix || ctx.path.startsWith(base))
      ? next()
      : serve(ctx, next);

  async function serve(ctx: Context, next: Next) {
    if (!existsSync(root)) return next();
    let relative = ctx.path.slice(base.length - 1) || '/';
    if (relative.endsWith('/')) relative += 'index.html';
    try {
      await send(ctx, relative, {
        root,
        hidden: false,
        setHeaders(res, file) {
          const isHtml = file.endsWith('.html');
          const isHashed = /[.-][0-9a-f]{8,}\./.test(path.basename(file));
          res.setHeader(
            'Cache-Control',
            isHtml ? 'no-cache' : isHashed ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
          );
        },
      });
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status !== 404 && status !== 400) throw error;
      if (options.fallbackIndex && !path.extname(relative)) {
        await send(ctx, '/index.html', { root });
        return;
      }
      return next();
    }
  }
}
