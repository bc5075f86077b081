import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync } from 'node:fs';
import { rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Context, Middleware, Next } from 'koa';

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
const CONTENT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  mp4: 'video/mp4',
};

/** One "bytes=a-b" range within the file, or null for the whole file; undefined when unsatisfiable. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | null | undefined {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return null;
  const start = match[1] === '' ? Math.max(0, size - Number(match[2])) : Number(match[1]);
  const end = match[1] === '' || match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  return start <= end && start < size ? { start, end } : undefined;
}

/**
 * Serves local uploads. A file's name is its content hash, so it never changes: browsers and CDNs may keep it
 * for a year without asking again (immutable), and its hash is its ETag. Byte ranges are answered because
 * video players (iOS in particular) refuse to play an mp4 without them.
 */
export function serveUploads(root: string): Middleware {
  // other requests pass on synchronously, without an async frame of their own
  return (ctx, next) =>
    (ctx.method !== 'GET' && ctx.method !== 'HEAD') || !ctx.path.startsWith(`${UPLOADS_URL_PREFIX}/`)
      ? next()
      : serve(ctx, next);

  async function serve(ctx: Context, next: Next) {
    const relative = ctx.path.slice(UPLOADS_URL_PREFIX.length);
    const match = KEY_PATH.exec(relative);
    const file = path.join(root, relative);
    if (!match || match[1] !== match[2].slice(0, 2) || !existsSync(file)) return next();
    const { size } = await stat(file);
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Accept-Ranges', 'bytes');
    ctx.set('ETag', `"${match[2]}"`);
    ctx.type = CONTENT_TYPES[match[3]];
    if (ctx.get('If-None-Match') === `"${match[2]}"`) {
      ctx.status = 304;
      return;
    }
    const range = parseRange(ctx.get('Range') || undefined, size);
    if (range === undefined) {
      ctx.status = 416;
      ctx.set('Content-Range', `bytes */${size}`);
      return;
    }
    const { start, end } = range ?? { start: 0, end: size - 1 };
    ctx.status = range ? 206 : 200;
    if (range) ctx.set('Content-Range', `bytes ${start}-${end}/${size}`);
    ctx.length = end - start + 1;
    ctx.body = ctx.method === 'HEAD' ? null : createReadStream(file, { start, end });
  }
}
