import { applyBps, formatYuan, prorate, yuanStringToFen } from './money';

test.each([
  [[100, 200, 300], 100, [17, 33, 50]],
  [[1, 1, 1], 100, [34, 33, 33]],
  [[0, 0], 5, [3, 2]],
  [[999, 1], 1, [1, 0]],
  [[50, 50], -3, [-2, -1]],
])('prorate(%j, %i) = %j and always adds up', (weights, total, expected) => {
  const shares = prorate(weights, total);
  expect(shares).toEqual(expected);
  expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
});

test('money formats and parses only whole fen', () => {
  expect(formatYuan(1230)).toBe('¥12.30');
  expect(formatYuan(-5)).toBe('-¥0.05');
  expect(yuanStringToFen('12.3')).toBe(1230);
  expect(() => yuanStringToFen('1.234')).toThrow(RangeError);
  expect(applyBps(999, 3000)).toBe(299);
  expect(() => formatYuan(1.5)).toThrow(RangeError);
});
