import { loadCopyRules } from '../../platform/config';
import { DomainError } from '../../platform/errors';

export interface CopyRules {
  forbiddenWords: readonly string[];
  /** Phrases that contain a forbidden word but are fine (最佳赏味期); masked before matching. */
  allowedPhrases: readonly string[];
}

let defaults: CopyRules | undefined;
/** The repository's default list (config/forbidden-words.json), read once. */
export function defaultCopyRules(): CopyRules {
  defaults ??= loadCopyRules({});
  return defaults;
}

/**
 * Full-width to half-width, lower case, and without the spaces, zero-width characters and separators that are
 * used to slip a word past a filter ("躺 赚", "躺·赚", "治\u3000愈").
 */
function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\u200b-\u200f\u2060\ufeff·•・*_~|/\\-]+/g, '');
}

/** HTML to the text a reader sees, so a word split by tags (躺<b>赚</b>) is still found. */
export function visibleText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ');
}

/**
 * The forbidden words a text contains, in list order (pyramid vocabulary per 禁止传销条例; medical and efficacy
 * guarantees per 广告法 art. 17/18; absolute terms per art. 9). Pure: the same text and rules, the same answer.
 */
export function checkCopy(text: string, rules: CopyRules = defaultCopyRules()): string[] {
  let normalized = normalize(text);
  for (const phrase of rules.allowedPhrases) normalized = normalized.split(normalize(phrase)).join('\u0000');
  return rules.forbiddenWords.filter((word) => {
    const w = normalize(word);
    return w.length > 0 && normalized.includes(w);
  });
}

/** Refuses copy with forbidden words: 422 COPY_FORBIDDEN_WORDS naming the first field at fault and every word. */
export function assertCleanCopy(rules: CopyRules, fields: Record<string, string | null | undefined>): void {
  const problems = Object.entries(fields)
    .map(([field, text]) => ({ field, words: text ? checkCopy(text, rules) : [] }))
    .filter((p) => p.words.length > 0);
  if (!problems.length) return;
  const message = problems.map((p) => `${p.field}: ${p.words.join('、')}`).join('; ');
  throw new DomainError(
    'COPY_FORBIDDEN_WORDS',
    `The copy contains forbidden words (${message})`,
    422,
    problems[0].field,
  );
}
