import type {
  getGrabTicket as ticketContract,
  grabFlashItem as grabContract,
  GrabBody,
  listFlashSessions as listContract,
} from '@mall/shared';
import { call, route } from './client';

const listRoute = route<typeof listContract>('GET', '/api/flash/sessions');
const grabRoute = route<typeof grabContract>('POST', '/api/flash/items/:itemId/grab');
const ticketRoute = route<typeof ticketContract>('GET', '/api/flash/grabs/:ticket');

/** Sessions live and to come, with the server's clock (the countdown runs on it, not on the phone's). */
export const listFlashSessions = (inviter?: string) => call(listRoute, { query: inviter ? { inviter } : {} });

/** 抢购: 202 with a ticket; the order is placed in the background (poll the ticket). */
export const grabFlashItem = (itemId: number, body: GrabBody) => call(grabRoute, { params: { itemId }, body });

export const getGrabTicket = (ticket: string) => call(ticketRoute, { params: { ticket } });
