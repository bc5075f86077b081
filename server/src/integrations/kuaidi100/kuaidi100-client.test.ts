import { createHash } from 'node:crypto';
import {
  formatBeijingTime,
  parseBeijingTime,
  pushSign,
  querySign,
  statusOfState,
  verifyPushSign,
} from './kuaidi100-client';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

test('query sign is UPPER(MD5(param + key + customer)) over the exact param string', () => {
  const param = '{"com":"zhongtong","num":"ZT123456","resultv2":"1","show":"0","order":"desc"}';
  expect(querySign(param, 'KEY', 'CUST')).toBe(md5(`${param}KEYCUST`).toUpperCase());
  expect(querySign(param, 'KEY', 'CUST')).toMatch(/^[0-9A-F]{32}$/);
});

test('a push is accepted only with UPPER(MD5(param + salt)); a changed param or salt is refused', () => {
  const param = '{"status":"polling","lastResult":{"state":"0"}}';
  const sign = pushSign(param, 'salt-1234');
  expect(verifyPushSign(param, sign, 'salt-1234')).toBe(true);
  expect(verifyPushSign(param, sign.toLowerCase(), 'salt-1234')).toBe(true);
  expect(verifyPushSign(param.replace('0', '3'), sign, 'salt-1234')).toBe(false);
  expect(verifyPushSign(param, sign, 'other-salt')).toBe(false);
  expect(verifyPushSign(param, '', 'salt-1234')).toBe(false);
});

test.each([
  ['1', 'collected'],
  ['0', 'in_transit'],
  ['5', 'delivering'],
  ['3', 'delivered'],
  ['2', 'exception'],
  ['6', 'returned'],
  ['99', null],
])('Kuaidi100 state %s is %s', (state, status) => expect(statusOfState(state)).toBe(status));

test('carrier times are Beijing time', () => {
  expect(parseBeijingTime('2026-12-01 08:30:00')?.toISOString()).toBe('2026-12-01T00:30:00.000Z');
  expect(formatBeijingTime(new Date('2026-12-01T00:30:00Z'))).toBe('2026-12-01 08:30:00');
  expect(parseBeijingTime('yesterday')).toBeNull();
});
