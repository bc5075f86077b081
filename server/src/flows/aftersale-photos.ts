import { withTx } from '../platform/db/database';
import type { PlatformDeps } from '../platform/deps';
import { DomainError, ValidationError } from '../platform/errors';
import { recordAftersalePhoto } from '../modules/aftersales';
import { contentKey, sniffMediaType, type MediaStorage } from '../modules/catalog';

/**
 * A member's after-sales photo: an image (recognized by its first bytes, never by its name), stored in the shop's
 * media store like product images (content-addressed), and recorded as this member's, so an application may attach
 * it and no one else's.
 */
export async function uploadAftersalePhoto(
  deps: PlatformDeps,
  storage: MediaStorage,
  memberId: number,
  file: { buffer: Buffer; size: number } | undefined,
) {
  if (!file || file.size === 0) throw new ValidationError('Send one image in the field "file"', 'file');
  const { maxPhotoBytes, photosPerDay } = deps.config.aftersales;
  if (file.size > maxPhotoBytes) {
    throw new DomainError('PHOTO_TOO_LARGE', `A photo may be at most ${maxPhotoBytes} bytes`, 413, 'file');
  }
  const type = sniffMediaType(file.buffer);
  if (!type || type.kind !== 'image') {
    throw new DomainError('PHOTO_TYPE_REFUSED', 'Only JPEG, PNG, GIF or WebP images', 415, 'file');
  }
  const url = await storage.put(contentKey(file.buffer, type.extension), file.buffer, type.contentType);
  const photo = { memberId, url, contentType: type.contentType, bytes: file.size };
  await withTx(deps.sequelize, (tx) => recordAftersalePhoto(tx, photo, photosPerDay));
  return { url, contentType: type.contentType, bytes: file.size };
}
