import path from 'node:path';
import type { Middleware } from 'koa';
import multer from 'multer';
import { withTx } from '../../platform/db/database';
import { DomainError, ValidationError } from '../../platform/errors';
import type { AdminActor } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { recordAudit } from '../admin';
import { contentKey, type MediaStorage } from './media-storage';

interface MediaType {
  kind: 'image' | 'video';
  contentType: string;
  extension: string;
}

const ascii = (bytes: Buffer, start: number, end: number) => bytes.subarray(start, end).toString('latin1');
/** ISO base media brands of MP4 (H.264/AAC); QuickTime (qt) and others are refused. */
const MP4_BRANDS = new Set(['isom', 'iso2', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'M4V ', 'dash']);

/** The type is read from the file's first bytes (magic numbers), never from its name or the client's header. */
export function sniffMediaType(bytes: Buffer): MediaType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return { kind: 'image', contentType: 'image/jpeg', extension: 'jpg' };
  }
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return { kind: 'image', contentType: 'image/png', extension: 'png' };
  }
  if (bytes.length >= 6 && ['GIF87a', 'GIF89a'].includes(ascii(bytes, 0, 6))) {
    return { kind: 'image', contentType: 'image/gif', extension: 'gif' };
  }
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') {
    return { kind: 'image', contentType: 'image/webp', extension: 'webp' };
  }
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp' && MP4_BRANDS.has(ascii(bytes, 8, 12))) {
    return { kind: 'video', contentType: 'video/mp4', extension: 'mp4' };
  }
  return null;
}

/** Reads one multipart file (field "file") into memory, refusing anything beyond the largest allowed size. */
export function receiveOneFile(maxBytes: number): Middleware {
  const single = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxBytes, files: 1, fields: 5 },
  }).single('file');
  return async (ctx, next) => {
    if (!ctx.is('multipart/form-data')) throw new ValidationError('Send the file as multipart/form-data', 'file');
    await new Promise<void>((resolve, reject) => {
      single(ctx.req as never, ctx.res as never, (err: unknown) => {
        if (!err) return resolve();
        if (err instanceof multer.MulterError) {
          const tooLarge = err.code === 'LIMIT_FILE_SIZE';
          reject(
            tooLarge
              ? new DomainError('MEDIA_TOO_LARGE', `The file is larger than ${maxBytes} bytes`, 413, 'file')
              : new ValidationError(`Upload refused: ${err.message}`, err.field ?? 'file'),
          );
        } else reject(new ValidationError('The multipart body could not be read', 'file'));
      });
    });
    ctx.state.upload = (ctx.req as unknown as { file?: Express.Multer.File }).file;
    return next();
  };
}

export async function uploadMedia(
  deps: PlatformDeps,
  storage: MediaStorage,
  actor: AdminActor,
  file: Express.Multer.File | undefined,
) {
  if (!file || file.size === 0) throw new ValidationError('file is required', 'file');
  const type = sniffMediaType(file.buffer);
  if (!type) {
    throw new DomainError(
      'MEDIA_TYPE_REFUSED',
      'Only JPEG, PNG, GIF, WebP images and MP4 videos are accepted',
      415,
      'file',
    );
  }
  const limit = type.kind === 'image' ? deps.config.catalog.maxImageBytes : deps.config.catalog.maxVideoBytes;
  if (file.size > limit) {
    throw new DomainError('MEDIA_TOO_LARGE', `An ${type.kind} may be at most ${limit} bytes`, 413, 'file');
  }
  const key = contentKey(file.buffer, type.extension);
  const url = await storage.put(key, file.buffer, type.contentType);
  const media = { url, kind: type.kind, contentType: type.contentType, bytes: file.size };
  await withTx(deps.sequelize, (tx) =>
    recordAudit(
      actor,
      {
        action: 'media.upload',
        targetType: 'media',
        targetId: path.basename(key).slice(0, 64),
        before: null,
        after: media,
      },
      tx,
    ),
  );
  return media;
}
