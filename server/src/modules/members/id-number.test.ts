import { isValidIdNumber, maskIdNumber, maskName, maskPhone, normalizeIdNumber } from './id-number';

test.each([
  ['11010519491231002X', true, 'the standard example, check X'],
  ['11010519491231002x', true, 'lower-case x is the same number'],
  ['110105194912310021', false, 'wrong check digit'],
  ['440524188001010014', false, 'born before 1900'],
  ['110105194902300020', false, 'February 30th'],
  ['11010519491231002', false, '17 characters'],
  ['1101051949123100201', false, '19 characters'],
  ['11010519491231002Y', false, 'a letter other than X'],
  ['110105299901010018', false, 'born in the future'],
])('%s is valid: %s (%s)', (id, valid) => {
  expect(isValidIdNumber(id)).toBe(valid);
});

test('a valid number computed from its 17 digits passes', () => {
  // 11010119900307 + 123 → check 4 (sum of weighted digits mod 11 = 4 → '4')
  const body = '11010119900307123';
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const check = '10X98765432'[weights.reduce((s, w, i) => s + w * Number(body[i]), 0) % 11];
  expect(isValidIdNumber(body + check)).toBe(true);
});

test.each([
  ['11010519491231002x', '110***********002X'],
  ['110101199003071234', '110***********1234'],
])('masks %s as %s', (id, masked) => {
  expect(maskIdNumber(id)).toBe(masked);
  expect(normalizeIdNumber(id)).toHaveLength(18);
});

test.each([
  ['王小明', '王**'],
  ['欧阳娜娜', '欧***'],
  ['李', '*'],
])('masks name %s as %s', (name, masked) => {
  expect(maskName(name)).toBe(masked);
});

test.each([
  ['13800138000', '138****8000'],
  ['85291234567', '852****4567'],
  ['12345', '1***5'],
])('masks phone %s as %s', (phone, masked) => {
  expect(maskPhone(phone)).toBe(masked);
});
