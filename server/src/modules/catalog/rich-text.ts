/**
 * Product descriptions are stored as a small, safe HTML subset that both the H5 shop and WeChat's rich-text
 * component render. Every tag in the output is rebuilt by this code from a whitelist (no attributes except
 * img src/alt and a href to our own pages); everything else is text and is escaped. Scripts, styles, event
 * handlers and javascript: URLs cannot survive, whatever the input.
 */
const ALLOWED_TAGS = new Set([
  'p',
  'br',
  'strong',
  'b',
  'em',
  'i',
  'u',
  's',
  'h3',
  'h4',
  'ul',
  'ol',
  'li',
  'blockquote',
  'span',
  'img',
  'hr',
]);
const VOID_TAGS = new Set(['br', 'img', 'hr']);
/** Dropped with their content. */
const DROP_WITH_CONTENT =
  /<(script|style|iframe|object|embed|template|noscript|textarea|select)\b[\s\S]*?(<\/\1\s*>|$)/gi;
const SAFE_IMAGE_SRC = /^(https:\/\/[^\s"'<>]+|\/media\/[\w./-]+)$/;

function escapeText(text: string): string {
  return text
    .replace(/&(?!(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});)/gi, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function attribute(attrs: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(attrs);
  return match ? (match[2] ?? match[3] ?? match[4]) : undefined;
}

function rebuildTag(name: string, closing: boolean, attrs: string): string {
  if (closing) return VOID_TAGS.has(name) ? '' : `</${name}>`;
  if (name !== 'img') return `<${name}>`;
  const src = attribute(attrs, 'src')?.trim() ?? '';
  if (!SAFE_IMAGE_SRC.test(src)) return '';
  const alt = attribute(attrs, 'alt') ?? '';
  return `<img src="${escapeText(src)}" alt="${escapeText(alt)}">`;
}

export function sanitizeRichText(html: string): string {
  const input = html.replace(/<!--[\s\S]*?(-->|$)/g, '').replace(DROP_WITH_CONTENT, '');
  const tag = /<\s*(\/)?\s*([a-zA-Z][a-zA-Z0-9]*)\b([^<>]*)>/g;
  let out = '';
  let last = 0;
  for (let m = tag.exec(input); m; m = tag.exec(input)) {
    out += escapeText(input.slice(last, m.index));
    const name = m[2].toLowerCase();
    if (ALLOWED_TAGS.has(name)) out += rebuildTag(name, Boolean(m[1]), m[3]);
    last = m.index + m[0].length;
  }
  return (out + escapeText(input.slice(last))).trim();
}
