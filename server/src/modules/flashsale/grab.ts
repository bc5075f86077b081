import type { z } from 'zod';
import type { GrabBody, GrabTicketView } from '@mall/shared';
import { DomainError, NotFoundError } from '../../platform/errors';
import { FlashGrab } from './flash-sale.model';
import { flashKeys, type FlashSaleDeps } from './flash-deps';
import { ensureItemLoaded } from './flash-items';
import { markSoldOutHere, readTicket, takeStock, ticketOf, type GrabLimits, type GrabOutcome } from './flash-stock';

export const soldOut = () => new DomainError('FLASH_SOLD_OUT', 'This flash item is sold out', 409);

function refusal(outcome: GrabOutcome): DomainError | null {
  switch (outcome.kind) {
    case 'sold_out':
      return soldOut();
    case 'not_started':
      return new DomainError('FLASH_NOT_STARTED', 'This flash sale has not started yet', 409);
    case 'ended':
    case 'off':
      return new DomainError('FLASH_ENDED', 'This flash sale is over', 409);
    case 'limit':
      return new DomainError(
        'FLASH_LIMIT_REACHED',
        `You may grab ${outcome.allowed} more of this item`,
        409,
        'quantity',
      );
    case 'not_enough':
      return new DomainError('FLASH_NOT_ENOUGH', `Only ${outcome.left} left`, 409, 'quantity');
    case 'rate_limited':
      return new DomainError('RATE_LIMITED', 'Too many requests; try again shortly', 429);
    default:
      return null;
  }
}

/**
 * 抢购: one Lua script checks the slot, the stock and the member's limit, takes the units and writes the ticket,
 * atomically; no database on this path (only the first grab after a Redis restart builds the item's hash from
 * it). The same script lists the ticket for the workers' pump, which adds its flash-queue job (job id = ticket) that
 * places the order; the member polls the ticket. A retry with the
 * same requestId answers the same ticket and takes nothing more.
 */
export async function grabFlashItem(
  deps: FlashSaleDeps,
  memberId: number,
  itemId: number,
  body: z.output<typeof GrabBody>,
  channel: string,
  rate?: { limits: GrabLimits; enforce: (counts: number[]) => void },
): Promise<GrabTicketView> {
  const keys = flashKeys(deps);
  const ticket = ticketOf(itemId, memberId, body.requestId);
  const grab = { itemId, memberId, quantity: body.quantity, ticket, address: JSON.stringify(body.address), channel };
  // the rate limits are counted by the grab's own script, in the same round trip (once: not on the retry)
  const first = await takeStock(deps.redis, keys, grab, rate?.limits);
  rate?.enforce(first.limitCounts);
  let outcome = first.outcome;
  if (outcome.kind === 'not_loaded') {
    if (!(await ensureItemLoaded(deps, itemId))) throw new NotFoundError('Flash item', 'itemId');
    outcome = (await takeStock(deps.redis, keys, grab)).outcome;
  }
  if (outcome.kind === 'sold_out' || (outcome.kind === 'taken' && outcome.left === 0)) markSoldOutHere(itemId);
  if (outcome.kind === 'duplicate') return ticketView(deps, memberId, ticket);
  const refused = refusal(outcome);
  if (refused) throw refused;
  grabCounter(deps).inc();
  return { ticket, status: 'queued', orderNo: null, failCode: null };
}

const grabCounters = new WeakMap<FlashSaleDeps['metrics'], { inc(): void }>();

/** The counter of grabs taken, its labels hashed once (prom-client hashes a label object on every `inc`). */
function grabCounter(deps: FlashSaleDeps) {
  let counter = grabCounters.get(deps.metrics);
  if (!counter) {
    counter = deps.metrics.businessEvents.labels({ event: 'flash_grab', outcome: 'ok' });
    grabCounters.set(deps.metrics, counter);
  }
  return counter;
}

/**
 * My ticket: from Redis while the item's tickets live there (a week after the session's end), else from the
 * database; another member's ticket is 404.
 */
export async function ticketView(deps: FlashSaleDeps, memberId: number, ticket: string): Promise<GrabTicketView> {
  const held = await readTicket(deps.redis, flashKeys(deps), ticket);
  if (held) {
    if (held.memberId !== memberId) throw new NotFoundError('Grab', 'ticket');
    if (held.status === 'queued') return { ticket, status: 'queued', orderNo: null, failCode: null };
    if (held.status === 'failed') return { ticket, status: 'failed', orderNo: null, failCode: held.outcome };
    return { ticket, status: 'ordered', orderNo: held.outcome, failCode: null };
  }
  const row = await FlashGrab.findOne({ where: { ticket, memberId } });
  if (!row) throw new NotFoundError('Grab', 'ticket');
  return row.status === 'failed'
    ? { ticket, status: 'failed', orderNo: null, failCode: row.failCode }
    : { ticket, status: 'ordered', orderNo: row.orderNo, failCode: null }; // released: the order shows cancelled
}
