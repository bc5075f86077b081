import { checkCopy, type CopyRules } from './copy-check';

const rules: CopyRules = {
  forbiddenWords: ['躺赚', '根治', '100%有效', '最佳', '无副作用'],
  allowedPhrases: ['最佳赏味期'],
};

test.each([
  ['plain product copy passes', '每份 24g 蛋白质，香草味', []],
  ['a pyramid word is found', '加入即可躺赚', ['躺赚']],
  ['a word split by spaces or dots is still found', '躺 赚，躺·赚', ['躺赚']],
  ['full-width characters are normalized', '１００％有效', ['100%有效']],
  ['several words are all listed, in list order', '无副作用，根治失眠', ['根治', '无副作用']],
  ['an allowed phrase does not trip its forbidden word', '最佳赏味期 12 个月', []],
  ['the forbidden word beside an allowed phrase is still found', '最佳赏味期内口感最佳', ['最佳']],
  ['empty text passes', '', []],
])('%s', (_name, text, expected) => {
  expect(checkCopy(text, rules)).toEqual(expected);
});

test('the default list from config/forbidden-words.json covers pyramid and 广告法 vocabulary', () => {
  expect(checkCopy('发展下线拿静态收益，药到病除，国家级')).toEqual(['发展下线', '静态收益', '药到病除', '国家级']);
  expect(checkCopy('深海鱼油软胶囊 100 粒装，最佳食用期 18 个月')).toEqual([]);
});
