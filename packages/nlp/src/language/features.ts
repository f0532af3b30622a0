import { type FeatureSink, hashString } from '../linear/features.js';
import { type Token, TokenKind } from '../normalize/tokenize.js';

export const LANGUAGE_DIMENSION_BITS = 16;
const SEED_WORD = 0x3c6ef372;
const SEED_CHAR = 0xa54ff53a;

/** Character 1–4-grams of each word (with word boundaries) and the words themselves. */
export function extractLanguageFeatures(tokens: readonly Token[], sink: FeatureSink): number {
  let words = 0;
  for (const token of tokens) {
    if (token.kind !== TokenKind.Word && token.kind !== TokenKind.Hashtag) continue;
    words++;
    sink.addBlock(token.lexeme.id, token.text, 0, addWordFeatures);
  }
  return words;
}

function addWordFeatures(sink: FeatureSink, word: string): void {
  sink.add(hashString(word, SEED_WORD));
  const length = word.length + 2;
  for (let start = 0; start < length; start++) {
    let hash = SEED_CHAR;
    for (let size = 1; size <= 4 && start + size <= length; size++) {
      const position = start + size - 1;
      const code = position === 0 || position === length - 1 ? 32 : word.charCodeAt(position - 1);
      hash = Math.imul(hash ^ code, 0x01000193);
      sink.add(hash >>> 0, 0.5);
    }
  }
}
