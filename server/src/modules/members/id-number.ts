/**
 * Resident identity card numbers (GB 11643-1999): 17 digits (6 region, 8 birth date, 3 sequence) and a check
 * character over them, ISO 7064 MOD 11-2, where 10 is written X. Pure functions; the clear number never leaves
 * the use cases that need it.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** Upper-case X, no spaces: the one spelling we hash and encrypt, so "…x" and "…X" are the same person. */
export function normalizeIdNumber(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

export function isValidIdNumber(raw: string): boolean {
  const id = normalizeIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  if (!isRealDate(id.slice(6, 14))) return false;
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(id[i]), 0);
  return CHECK_CHARS[sum % 11] === id[17];
}

function isRealDate(yyyymmdd: string): boolean {
  const [y, m, d] = [yyyymmdd.slice(0, 4), yyyymmdd.slice(4, 6), yyyymmdd.slice(6, 8)].map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return (
    y >= 1900 &&
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === m - 1 &&
    date.getUTCDate() === d &&
    date <= new Date()
  );
}

/** 110***********1234: the region's first three and the last four, the way banks print it. */
export function maskIdNumber(raw: string): string {
  const id = normalizeIdNumber(raw);
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;
}

/** 王** : the family name only, for files that leave the system (exports). */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

/** 138****8000 for a mainland mobile; other lengths keep the first three and last four likewise. */
export function maskPhone(phone: string): string {
  if (phone.length <= 7) return `${phone.slice(0, 1)}${'*'.repeat(Math.max(phone.length - 2, 0))}${phone.slice(-1)}`;
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}
