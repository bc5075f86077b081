/**
 * Money is integer fen (分) everywhere; rates are basis points (1 bps = 0.01%).
 * Conversions to yuan strings happen only at the edge (display, platform payloads that want yuan).
 */

export function assertFen(value: number, name = 'amount'): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be an integer number of fen, got ${value}`);
  return value;
}

/** "¥12.30" for 1230; negative amounts keep their sign in front of the currency symbol. */
export function formatYuan(fen: number): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "12.30" for 1230, as Alipay's total_amount wants it. */
export function fenToYuanString(fen: number): string {
  return formatYuan(fen).replace('¥', '');
}

/** Parses "12.3" / "12.30" / "12" into 1230; refuses more than two decimals instead of rounding. */
export function yuanStringToFen(yuan: string): number {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(yuan.trim());
  if (!match) throw new RangeError(`not a yuan amount: "${yuan}"`);
  const [, sign, whole, frac = ''] = match;
  const fen = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return sign === '-' ? -fen : fen;
}

/** floor(baseFen × rateBps / 10000): rates never create fractions of a fen in the payer's disfavour. */
export function applyBps(baseFen: number, rateBps: number): number {
  assertFen(baseFen, 'baseFen');
  if (!Number.isInteger(rateBps)) throw new RangeError(`rateBps must be an integer, got ${rateBps}`);
  return Math.floor((baseFen * rateBps) / 10_000);
}

/**
 * Splits totalFen across parts in proportion to weights with the largest-remainder method,
 * so the shares always add up to totalFen exactly (a coupon spread over order lines, say).
 */
export function prorate(weights: readonly number[], totalFen: number): number[] {
  assertFen(totalFen, 'totalFen');
  if (weights.length === 0) {
    if (totalFen !== 0) throw new RangeError('cannot prorate a non-zero amount over no parts');
    return [];
  }
  weights.forEach((w, i) => {
    assertFen(w, `weights[${i}]`);
    if (w < 0) throw new RangeError('weights must not be negative');
  });
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (weightSum === 0)
    return prorate(
      weights.map(() => 1),
      totalFen,
    );
  const sign = totalFen < 0 ? -1 : 1;
  const abs = Math.abs(totalFen);
  const exact = weights.map((w) => (abs * w) / weightSum);
  const shares = exact.map(Math.floor);
  let left = abs - shares.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((x, i) => ({ i, remainder: x - Math.floor(x) }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    shares[i] += 1;
    left -= 1;
  }
  return shares.map((s) => s * sign);
}

export function sumFen(values: readonly number[]): number {
  return values.reduce((a, b) => a + assertFen(b), 0);
}
