import { parseRange } from './media-storage';
import { sniffMediaType } from './upload-media';

test.each([
  ['no header: the whole file', undefined, null],
  ['a closed range', 'bytes=0-9', { start: 0, end: 9 }],
  ['an open end runs to the last byte', 'bytes=90-', { start: 90, end: 99 }],
  ['a suffix range is the last n bytes', 'bytes=-10', { start: 90, end: 99 }],
  ['an end past the file is clipped', 'bytes=50-500', { start: 50, end: 99 }],
  ['a start past the file is unsatisfiable', 'bytes=100-', undefined],
  ['an inverted range is unsatisfiable', 'bytes=9-3', undefined],
  ['several ranges are answered with the whole file', 'bytes=0-1,5-6', null],
])('range: %s', (_name, header, expected) => {
  expect(parseRange(header, 100)).toEqual(expected);
});

test.each([
  ['jpeg', [0xff, 0xd8, 0xff, 0xe0], 'image/jpeg'],
  ['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'image/png'],
  ['gif', [...Buffer.from('GIF89a')], 'image/gif'],
  ['webp', [...Buffer.from('RIFF\0\0\0\0WEBP')], 'image/webp'],
  ['mp4', [0, 0, 0, 0x20, ...Buffer.from('ftypisom')], 'video/mp4'],
  ['QuickTime is not mp4', [0, 0, 0, 0x20, ...Buffer.from('ftypqt  ')], null],
  ['svg (can carry scripts)', [...Buffer.from('<svg xmlns="http://www.w3.org/2000/svg">')], null],
  ['html', [...Buffer.from('<html><script>')], null],
])('sniff: %s', (_name, bytes, contentType) => {
  expect(sniffMediaType(Buffer.from(bytes))?.contentType ?? null).toBe(contentType);
});
