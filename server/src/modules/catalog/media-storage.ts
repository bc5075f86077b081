import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Middleware } from 'koa';
import send from 'koa-send';

/**
 * Where uploaded media live. Local disk today; an OSS/COS implementation only has to store the bytes under the
 * given key and answer the public URL (served by the bucket or its CDN instead of this api).
 */
export interface MediaStorage {
  /** Stores bytes under a content-derived key (idempotent: the same bytes, the same key) and answers the URL. */
  put(key: string, bytes: Buffer, contentType: string): Promise<string>;
}

export const UPLOADS_URL_PREFIX = '/media/uploads';

export class LocalDiskStorage implements MediaStorage {
  constructor(readonly root: string) {}

  async put(key: string, bytes: Buffer): Promise<string> {
    const file = path.join(this.root, key);
    if (!existsSync(file)) {
      mkdirSync(path.dirname(file), { recursive: true });
      // write then rename: a reader never sees half a file, and a concurrent upload of the same bytes is harmless
      const partial = `${file}.${process.pid}.${Date.now()}.part`;
      await writeFile(partial, bytes);
      await rename(partial, file);
    }
    return `${UPLOADS_URL_PREFIX}/${key}`;
  }
}

/** The content-addressed key of a file: <first 2 hex>/<sha256>.<ext>. */
export function contentKey(bytes: Buffer, extension: string): string {
  const hash = createHash('sha256').update(bytes).digest('hex');
  return `${hash.slice(0, 2)}/${hash}.${extension}`;
}

const KEY_PATH = /^\/([0-9a-f]{2})\/([0-9a-f]{64})\.(jpg|png|gif|webp|mp4)$/;

/**
 * Serves local uploads. A file's name is its content hash, so it never changes: browsers and CDNs may keep it
 * for a year without asking again (immutable).
 */
export function serveUploads(root: string): Middleware {
  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || !ctx.path.startsWith(`${UPLOADS_URL_PREFIX}/`))
      return next();
    const relative = ctx.path.slice(UPLOADS_URL_PREFIX.length);
    const match = KEY_PATH.exec(relative);
    if (!match || match[1] !== match[2].slice(0, 2) || !existsSync(path.join(root, relative))) return next();
    await send(ctx, relative, {
      root,
      setHeaders(res) {
        res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        res.setHeader('X-Content-Type-Options', 'nosniff');
      },
    });
  };
}
