import { randomInt } from 'node:crypto';

/** 20 digits: UTC+8 time to the second, then 6 random digits. Sortable by time, unique by the database index. */
export function newOrderNo(now = new Date()): string {
  const beijing = new Date(now.getTime() + 8 * 3600_000).toISOString();
  const stamp = beijing.slice(0, 19).replace(/[-T:]/g, '');
  return `${stamp}${String(randomInt(1_000_000)).padStart(6, '0')}`;
}
