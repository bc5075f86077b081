import { Op, type Transaction } from 'sequelize';
import { DomainError, ValidationError } from '../../platform/errors';
import { AftersalePhoto } from './aftersale.model';

const DAY_MS = 86_400_000;

/**
 * Records that a member uploaded this photo (the same file twice is one row), refusing more than `perDay` new
 * photos a day: a request shows at most 9, so a day's allowance covers many requests and stops a flood of files.
 */
export async function recordAftersalePhoto(
  tx: Transaction,
  photo: { memberId: number; url: string; contentType: string; bytes: number },
  perDay: number,
): Promise<void> {
  const seen = await AftersalePhoto.findOne({ where: { memberId: photo.memberId, url: photo.url }, transaction: tx });
  if (seen) return;
  const today = await AftersalePhoto.count({
    where: { memberId: photo.memberId, createdAt: { [Op.gt]: new Date(Date.now() - DAY_MS) } },
    transaction: tx,
  });
  if (today >= perDay) {
    throw new DomainError('PHOTO_LIMIT_REACHED', `At most ${perDay} photos a day can be uploaded`, 429, 'file');
  }
  await AftersalePhoto.bulkCreate([photo], { ignoreDuplicates: true, transaction: tx });
}

/** Every URL must be one of the member's own uploads; the first that is not is named in the error. */
export async function assertOwnPhotos(memberId: number, urls: readonly string[], tx: Transaction): Promise<void> {
  if (!urls.length) return;
  const owned = await AftersalePhoto.findAll({
    where: { memberId, url: { [Op.in]: [...new Set(urls)] } },
    attributes: ['url'],
    transaction: tx,
  });
  const mine = new Set(owned.map((p) => p.url));
  const index = urls.findIndex((u) => !mine.has(u));
  if (index >= 0) {
    throw new ValidationError(
      'Only photos you uploaded for after-sales can be attached',
      `photoUrls.${index}`,
      'AFTERSALE_PHOTO_NOT_OWNED',
    );
  }
}
