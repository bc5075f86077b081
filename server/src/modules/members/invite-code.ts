import { randomInt } from 'node:crypto';

// no 0/O, 1/I/L: the code is read aloud and typed by hand
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function newInviteCode(length = 8): string {
  return Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}
