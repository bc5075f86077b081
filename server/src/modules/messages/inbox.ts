import { Op } from 'sequelize';
import type { MessageView } from '@mall/shared';
import { NotFoundError } from '../../platform/errors';
import { Message } from './message.model';

export const toMessageView = (m: Message): MessageView => ({
  id: m.id,
  kind: m.kind,
  title: m.title,
  body: m.body,
  senderName: m.senderName,
  isRead: m.readAt !== null,
  createdAt: m.createdAt.toISOString(),
});

export async function listInbox(memberId: number, q: { page: number; pageSize: number; unreadOnly?: string }) {
  const where = { memberId, ...(q.unreadOnly === 'true' ? { readAt: { [Op.is]: null } } : {}) };
  const { rows, count } = await Message.findAndCountAll({
    where,
    order: [['id', 'DESC']],
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { items: rows.map(toMessageView), total: count, page: q.page, pageSize: q.pageSize };
}

export async function countUnread(memberId: number): Promise<{ unread: number }> {
  return { unread: await Message.count({ where: { memberId, readAt: { [Op.is]: null } } }) };
}

/** Marking read is idempotent; another member's message answers 404, as if it did not exist. */
export async function markRead(memberId: number, messageId: number): Promise<MessageView> {
  const message = await Message.findOne({ where: { id: messageId, memberId } });
  if (!message) throw new NotFoundError('Message', 'id');
  if (message.readAt === null) await message.update({ readAt: new Date() });
  return toMessageView(message);
}

export async function markAllRead(memberId: number): Promise<{ marked: number }> {
  const [marked] = await Message.update({ readAt: new Date() }, { where: { memberId, readAt: { [Op.is]: null } } });
  return { marked };
}
