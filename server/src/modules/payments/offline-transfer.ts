import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { assertTransition, offlineTransferTransitions, type OfflineTransferStatus } from '@mall/shared';
import { recordAudit } from '../admin';
import { forUpdate, withTx } from '../../platform/db/database';
import { DomainError, NotFoundError, ValidationError } from '../../platform/errors';
import type { AdminActor } from '../../platform/http/api-router';
import type { PlatformDeps } from '../../platform/deps';
import { applyPaidToLockedPayment } from './apply-payment';
import { scheduleOfflineDeadline } from './offline-deadline';
import { openPaymentAttempt } from './payment-attempt';
import { Payment } from './payment.model';
import { adminPaymentView, toPaymentView } from './payment-views';
import { OfflineTransfer } from './refund.model';

const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I: read aloud at a bank counter
const MAX_PROOF_BYTES = 5 * 1024 * 1024;

function offlineConfig(deps: PlatformDeps) {
  const cfg = deps.config.offline;
  if (!cfg) throw new DomainError('CHANNEL_DISABLED', 'Bank transfer is not available in this shop', 409);
  return cfg;
}

function newReference(): string {
  const bytes = randomBytes(10);
  return `ZZ${[...bytes].map((b) => REFERENCE_ALPHABET[b % REFERENCE_ALPHABET.length]).join('')}`;
}

/** The receiving account and the order's unique reference; the same answer on every call. */
export async function startOfflineTransfer(deps: PlatformDeps, memberId: number, orderNo: string) {
  const cfg = offlineConfig(deps);
  const { payment } = await openPaymentAttempt(deps, memberId, orderNo, 'offline');
  const transfer = await withTx(deps.sequelize, async (tx) => {
    const locked = await Payment.findByPk(payment.id, forUpdate(tx));
    const existing = await OfflineTransfer.findOne({ where: { paymentId: payment.id }, transaction: tx });
    if (existing || !locked) return existing;
    const created = await OfflineTransfer.create(
      {
        paymentId: payment.id,
        reference: newReference(), // unique index: a clash (1 in 32^10) fails loudly instead of sharing a reference
        status: 'awaiting_proof',
        deadlineAt: new Date(Date.now() + cfg.deadlineHours * 3600_000),
      },
      { transaction: tx },
    );
    scheduleOfflineDeadline(deps, tx, payment.id, created.deadlineAt);
    return created;
  });
  return {
    payment: toPaymentView(payment, transfer),
    account: { bankName: cfg.bankName, accountName: cfg.accountName, accountNo: cfg.accountNo },
  };
}

function imageExtension(bytes: Buffer): string | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') {
    return 'webp';
  }
  return null;
}

const proofDir = (deps: PlatformDeps) => path.join(deps.config.dataDir, 'payments', 'proofs');

/**
 * The member's bank receipt: an image (recognized by its first bytes), stored under a random name outside the
 * public media (bank details are personal data) and shown only to admins. Another member's payment is a 404.
 */
export async function uploadOfflineProof(
  deps: PlatformDeps,
  memberId: number,
  paymentId: number,
  file: { buffer: Buffer; size: number } | undefined,
) {
  if (!file || file.size === 0) throw new ValidationError('Send one image in the field "file"', 'file');
  if (file.size > MAX_PROOF_BYTES)
    throw new DomainError('PROOF_TOO_LARGE', 'The image is larger than 5 MB', 413, 'file');
  const extension = imageExtension(file.buffer);
  if (!extension) throw new ValidationError('Only PNG, JPEG or WebP images', 'file', 'PROOF_TYPE_REFUSED');
  const payment = await Payment.findOne({ where: { id: paymentId, memberId, channel: 'offline' } });
  if (!payment) throw new NotFoundError('This payment', 'paymentId');
  const name = `${paymentId}-${randomBytes(12).toString('hex')}.${extension}`;
  await mkdir(proofDir(deps), { recursive: true });
  await writeFile(path.join(proofDir(deps), name), file.buffer, { mode: 0o600 });
  return withTx(deps.sequelize, async (tx) => {
    const locked = await Payment.findByPk(paymentId, forUpdate(tx));
    const transfer = await OfflineTransfer.findOne({ where: { paymentId }, ...forUpdate(tx) });
    if (!locked || !transfer) throw new NotFoundError('This payment', 'paymentId');
    if (locked.status !== 'pending') throw new DomainError('PAYMENT_NOT_OPEN', `This payment is ${locked.status}`, 409);
    if (transfer.status === 'first_confirmed') {
      throw new DomainError('PAYMENT_UNDER_REVIEW', 'This transfer is being confirmed; the proof cannot change', 409);
    }
    assertTransition('offline transfer', offlineTransferTransitions, transfer.status, 'proof_uploaded');
    await transfer.update(
      { status: 'proof_uploaded', proofFile: name, proofUploadedAt: new Date(), rejectReason: null },
      { transaction: tx },
    );
    return toPaymentView(locked, transfer);
  });
}

async function lockTransfer(deps: PlatformDeps, paymentId: number, tx: Parameters<typeof forUpdate>[0]) {
  const payment = await Payment.findByPk(paymentId, forUpdate(tx));
  if (!payment || payment.channel !== 'offline') throw new NotFoundError('This payment', 'paymentId');
  const transfer = await OfflineTransfer.findOne({ where: { paymentId }, ...forUpdate(tx) });
  if (!transfer) throw new NotFoundError('This payment', 'paymentId');
  return { payment, transfer };
}

/**
 * An admin confirms the money is on the account. At or below the configured amount one confirmation pays the
 * order; above it a second, different admin must confirm too (maker-checker). Audited in the same transaction.
 */
export async function confirmOfflineTransfer(deps: PlatformDeps, actor: AdminActor, paymentId: number) {
  const cfg = offlineConfig(deps);
  await withTx(deps.sequelize, async (tx) => {
    const { payment, transfer } = await lockTransfer(deps, paymentId, tx);
    const before = { status: transfer.status, paymentStatus: payment.status };
    if (transfer.status !== 'proof_uploaded' && transfer.status !== 'first_confirmed') {
      throw new DomainError('TRANSFER_NOT_CONFIRMABLE', `This transfer is ${transfer.status}`, 409);
    }
    const needsTwo = payment.amountFen > cfg.dualControlAboveFen;
    let to: OfflineTransferStatus;
    if (transfer.status === 'proof_uploaded') {
      to = needsTwo ? 'first_confirmed' : 'confirmed';
      await transfer.update(
        { firstAdminId: actor.adminId, firstAdminName: actor.username, firstConfirmedAt: new Date() },
        { transaction: tx },
      );
    } else {
      if (transfer.firstAdminId === actor.adminId) {
        throw new DomainError('SECOND_ADMIN_REQUIRED', 'A second, different admin must confirm this transfer', 409);
      }
      to = 'confirmed';
      await transfer.update(
        { secondAdminId: actor.adminId, secondAdminName: actor.username, secondConfirmedAt: new Date() },
        { transaction: tx },
      );
    }
    assertTransition('offline transfer', offlineTransferTransitions, transfer.status, to);
    await transfer.update({ status: to }, { transaction: tx });
    if (to === 'confirmed') {
      await applyPaidToLockedPayment(
        deps,
        tx,
        payment,
        {
          outTradeNo: payment.outTradeNo,
          transactionId: `OFFLINE-${transfer.reference}`,
          amountFen: payment.amountFen,
        },
        `admin:${actor.username}`,
      );
    }
    await recordAudit(
      actor,
      {
        action: 'payments.offline_confirm',
        targetType: 'payment',
        targetId: String(paymentId),
        before,
        after: { status: to, paymentStatus: payment.status, amountFen: payment.amountFen, needsTwo },
      },
      tx,
    );
  });
  return adminPaymentView(paymentId);
}

export async function rejectOfflineTransfer(deps: PlatformDeps, actor: AdminActor, paymentId: number, reason: string) {
  await withTx(deps.sequelize, async (tx) => {
    const { payment, transfer } = await lockTransfer(deps, paymentId, tx);
    if (payment.status !== 'pending')
      throw new DomainError('PAYMENT_NOT_OPEN', `This payment is ${payment.status}`, 409);
    const before = { status: transfer.status };
    assertTransition('offline transfer', offlineTransferTransitions, transfer.status, 'rejected');
    await transfer.update(
      {
        status: 'rejected',
        rejectReason: reason,
        firstAdminId: null,
        firstAdminName: null,
        firstConfirmedAt: null,
      },
      { transaction: tx },
    );
    await recordAudit(
      actor,
      {
        action: 'payments.offline_reject',
        targetType: 'payment',
        targetId: String(paymentId),
        before,
        after: { status: 'rejected' },
        reason,
      },
      tx,
    );
  });
  return adminPaymentView(paymentId);
}

export async function readOfflineProof(deps: PlatformDeps, paymentId: number) {
  const transfer = await OfflineTransfer.findOne({ where: { paymentId } });
  if (!transfer?.proofFile) throw new NotFoundError('This proof', 'paymentId');
  const bytes = await readFile(path.join(proofDir(deps), path.basename(transfer.proofFile)));
  return { bytes, extension: path.extname(transfer.proofFile).slice(1) };
}
