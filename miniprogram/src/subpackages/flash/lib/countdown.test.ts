import { expect, test } from '@jest/globals';
import { countdown } from './countdown';

test.each([
  [10_000, 0, '00:00:10'],
  [3_661_000, 0, '01:01:01'],
  [90_000_000, 0, '25:00:00'],
  [0, 5_000, '00:00:00'],
  [1_999, 1_000, '00:00:00'],
])('countdown(%i, %i) is %s', (target, now, shown) => {
  expect(countdown(target, now)).toBe(shown);
});
