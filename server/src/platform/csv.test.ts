import { csvCell, csvText } from './csv';

test.each([
  ['plain', 'plain'],
  ['a,b', '"a,b"'],
  ['say "hi"', '"say ""hi"""'],
  ['two\nlines', '"two\nlines"'],
  ['=SUM(A1)', "'=SUM(A1)"],
  ['+86 138', "'+86 138"],
  ['-1', "'-1"],
  ['@cmd', "'@cmd"],
  ['\tx', "'\tx"],
  [-5, '-5'],
  [12.5, '12.5'],
  [null, ''],
])('csvCell(%j) = %j', (value, cell) => {
  expect(csvCell(value)).toBe(cell);
});

test('csvText: a byte-order mark, CRLF line ends', () => {
  expect(
    csvText([
      ['名称', 'n'],
      ['=x', 1],
    ]),
  ).toBe("\ufeff名称,n\r\n'=x,1\r\n");
});
