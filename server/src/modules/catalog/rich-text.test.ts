import { sanitizeRichText } from './rich-text';

test.each([
  ['plain text is kept', '正品保障', '正品保障'],
  [
    'whitelisted tags are kept without attributes',
    '<p class="x" onclick="evil()">好<strong>货</strong></p>',
    '<p>好<strong>货</strong></p>',
  ],
  ['a script is removed with its content', '<p>a</p><script>alert(1)</script><p>b</p>', '<p>a</p><p>b</p>'],
  ['an unclosed script swallows the rest', 'a<script>alert(1)', 'a'],
  [
    'an event handler on an image is dropped',
    '<img src="/media/a.png" onerror="alert(1)">',
    '<img src="/media/a.png" alt="">',
  ],
  ['a javascript: image is dropped', '<img src="javascript:alert(1)">', ''],
  ['unknown tags are dropped, their text kept', '<div><a href="x">链接</a></div>', '链接'],
  ['stray angle brackets are escaped', '1 < 2 > 0 & "q"', '1 &lt; 2 &gt; 0 &amp; &quot;q&quot;'],
  ['entities are not escaped twice', '&amp; &lt;', '&amp; &lt;'],
  ['a broken tag cannot open an attribute', '<img src="/media/a.png"<script>', '&lt;img src=&quot;/media/a.png&quot;'],
  ['comments are removed', 'a<!-- <script>x</script> -->b', 'ab'],
  ['an svg with an onload is dropped', '<svg onload=alert(1)>x</svg>', 'x'],
])('%s', (_name, input, expected) => {
  expect(sanitizeRichText(input)).toBe(expected);
});
