import { randomBytes } from 'node:crypto';
import { mkdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Middleware } from 'koa';
import multer from 'multer';
import { withTx } from '../../platform/db/database';
import type { PlatformDeps } from '../../platform/deps';
import { ValidationError } from '../../platform/errors';
import { lockMember } from './update-profile';

/**
 * Avatars chosen with WeChat's chooseAvatar button arrive as a temporary file the mini-program uploads here
 * (multipart, field "file"). Only PNG, JPEG and WebP pass, recognized by their first bytes, not by the name or the
 * declared type; the stored name is random, so nothing the member sent becomes a path.
 */
export const AVATAR_URL_PREFIX = '/uploads/avatars';
const MAX_BYTES = 1024 * 1024;

export const avatarDirOf = (dataDir: string) => path.join(dataDir, 'uploads', 'avatars');

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_BYTES, files: 1, fields: 0 } });

/** Parses the one file into ctx.state.upload; a file too large or a wrong field is a 400. */
export const receiveAvatar: Middleware = async (ctx, next) => {
  const file = await new Promise<Express.Multer.File | undefined>((resolve, reject) => {
    upload.single('file')(ctx.req as never, ctx.res as never, (error: unknown) =>
      error ? reject(error) : resolve((ctx.req as unknown as { file?: Express.Multer.File }).file),
    );
  }).catch((error: unknown) => {
    const code = error instanceof multer.MulterError ? error.code : 'BAD_UPLOAD';
    throw new ValidationError(
      code === 'LIMIT_FILE_SIZE' ? 'The image is larger than 1 MB' : 'Send one image in the field "file"',
      'file',
      'INVALID_AVATAR',
    );
  });
  ctx.state.upload = file;
  await next();
};

function extensionOf(bytes: Buffer): string | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') {
    return 'webp';
  }
  return null;
}

export async function saveAvatar(
  deps: PlatformDeps,
  memberId: number,
  file: Express.Multer.File | undefined,
): Promise<void> {
  if (!file) throw new ValidationError('Send one image in the field "file"', 'file', 'INVALID_AVATAR');
  const extension = extensionOf(file.buffer);
  if (!extension) throw new ValidationError('Only PNG, JPEG or WebP images', 'file', 'INVALID_AVATAR');
  const dir = avatarDirOf(deps.config.dataDir);
  const name = `${memberId}-${randomBytes(12).toString('hex')}.${extension}`;
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, name), file.buffer, { mode: 0o644 });
  try {
    const previous = await withTx(deps.sequelize, async (tx) => {
      const member = await lockMember(memberId, tx);
      const old = member.avatarUrl;
      await member.update({ avatarUrl: `${AVATAR_URL_PREFIX}/${name}` }, { transaction: tx });
      return old;
    });
    // the replaced file is ours only when it sits under our prefix; a WeChat URL is not ours to delete
    if (previous?.startsWith(`${AVATAR_URL_PREFIX}/`)) {
      await unlink(path.join(dir, path.basename(previous))).catch(() => undefined);
    }
  } catch (error) {
    await unlink(path.join(dir, name)).catch(() => undefined); // no file without its member row
    throw error;
  }
}
