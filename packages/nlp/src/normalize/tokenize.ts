import { foldWord, lastFold } from './fold.js';
import { decodeHtml, decodeUnicodeEscapes } from './escapes.js';
import { intern, type Lexeme, startOverWhenFull, uniqueLexeme } from './lexeme.js';
import { FNV_OFFSET, hashCode, SpellingTable } from './spelling-table.js';

export const TokenKind = {
  Word: 0,
  Number: 1,
  Hashtag: 2,
  Handle: 3,
  Url: 4,
  Emoji: 5,
  Emoticon: 6,
  Punct: 7,
} as const;
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

export const TokenFlag = {
  Elongated: 1,
  AllCaps: 2,
  /** preceded by a French negative elision (`n'est`) */
  NegativeElision: 4,
  Repeated: 8,
  /** an apostrophe inside the word was dropped (`I'll` -> `ill`, `he'll` -> `hell`): it is not the word it now spells */
  Contraction: 16,
} as const;

export class Token {
  /** normalised form: folded word, tag without `#`, handle without `@`, canonical emoticon, raw URL */
  readonly text: string;

  constructor(
    readonly kind: TokenKind,
    /** the interned normalised form, through which per-word facts are cached */
    readonly lexeme: Lexeme,
    readonly flags: number,
    /** camel-case parts of a hashtag, folded, when it has more than one */
    readonly parts: readonly Lexeme[] | undefined = undefined,
  ) {
    this.text = lexeme.text;
  }
}

/**
 * Spellings seen -> their tokens, so a known spelling costs neither folding nor an allocation.
 * Tokens are immutable, so every occurrence of a spelling shares one (bar the rare flags that
 * depend on the words before it).
 */
const wordForms = new SpellingTable<Token>(16);
const hashtagForms = new SpellingTable<Token>(15);
const handleForms = new SpellingTable<Token>(14);

/** The token of the word text[start, end), whose code units hash to `hash`. */
function wordToken(text: string, start: number, end: number, hash: number, hasApostrophe: boolean, hasLetter: boolean): Token {
  const known = wordForms.find(text, start, end, hash);
  if (known >= 0) return wordForms.value(known);
  const raw = text.slice(start, end);
  const folded = foldWord(hasApostrophe ? raw.replace(/['’ʼ]/g, '') : raw);
  let flags = 0;
  if (lastFold.elongated) flags |= TokenFlag.Elongated;
  if (hasLetter && lastFold.allCaps) flags |= TokenFlag.AllCaps;
  if (hasApostrophe) flags |= TokenFlag.Contraction;
  const token = new Token(hasLetter ? TokenKind.Word : TokenKind.Number, intern(folded), flags);
  wordForms.add(text, start, end, hash, 0, token);
  return token;
}

/** The token of the hashtag whose body is text[start, end). */
function hashtagToken(text: string, start: number, end: number, hash: number): Token {
  const known = hashtagForms.find(text, start, end, hash);
  if (known >= 0) return hashtagForms.value(known);
  const body = text.slice(start, end);
  const parts = splitHashtag(body);
  const token = new Token(TokenKind.Hashtag, intern(foldWord(body)), 0, parts.length > 1 ? parts.map(intern) : undefined);
  hashtagForms.add(text, start, end, hash, 0, token);
  return token;
}

/** The token of the handle whose body is text[start, end). */
function handleToken(text: string, start: number, end: number, hash: number): Token {
  const known = handleForms.find(text, start, end, hash);
  if (known >= 0) return handleForms.value(known);
  const token = new Token(TokenKind.Handle, intern(text.slice(start, end).toLowerCase()), 0);
  handleForms.add(text, start, end, hash, 0, token);
  return token;
}

/**
 * Tokens that are alike wherever they occur (punctuation, emoticons, emojis), made once. Keys:
 * the canonical text's first code unit for punctuation, the canonical text for emoticons, the code
 * point for emojis; twice the key, plus one when Repeated.
 */
const punctuationTokens: Token[] = [];
const emoticonTokens = new Map<string, Token>();
const emojiTokens = new Map<number, Token>();

function punctuationToken(punctuation: string, repeated: boolean): Token {
  const key = punctuation.charCodeAt(0) * 2 + (repeated ? 1 : 0);
  return (punctuationTokens[key] ??= new Token(TokenKind.Punct, intern(punctuation), repeated ? TokenFlag.Repeated : 0));
}

function emoticonToken(emoticon: string): Token {
  let token = emoticonTokens.get(emoticon);
  if (token === undefined) {
    token = new Token(TokenKind.Emoticon, intern(EMOTICONS.get(emoticon) as string), 0);
    emoticonTokens.set(emoticon, token);
  }
  return token;
}

function emojiToken(codePoint: number, repeated: boolean): Token {
  const key = codePoint * 2 + (repeated ? 1 : 0);
  let token = emojiTokens.get(key);
  if (token === undefined) {
    token = new Token(TokenKind.Emoji, intern(String.fromCodePoint(codePoint)), repeated ? TokenFlag.Repeated : 0);
    emojiTokens.set(key, token);
  }
  return token;
}

// the classes of word characters are 1 to 3, so that isWordChar is one comparison
const CHAR_OTHER = 0;
const CHAR_LETTER = 1;
const CHAR_DIGIT = 2;
const CHAR_MARK = 3;
const CHAR_SPACE = 4;
const CHAR_APOSTROPHE = 5;

const charClass = new Uint8Array(0x10000);
{
  const letter = /\p{L}/u;
  const mark = /\p{M}/u;
  const space = /\s/u;
  for (let code = 0; code < 0x10000; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const character = String.fromCharCode(code);
    if (code < 0x80) {
      if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) charClass[code] = CHAR_LETTER;
      else if (code >= 48 && code <= 57) charClass[code] = CHAR_DIGIT;
      else if (code <= 32) charClass[code] = CHAR_SPACE;
      else if (code === 39) charClass[code] = CHAR_APOSTROPHE;
    } else if (code === 0x2019 || code === 0x02bc) {
      charClass[code] = CHAR_APOSTROPHE;
    } else if (letter.test(character)) {
      charClass[code] = CHAR_LETTER;
    } else if (mark.test(character)) {
      charClass[code] = CHAR_MARK;
    } else if (space.test(character) || code === 0x200b) {
      charClass[code] = CHAR_SPACE;
    }
  }
}

/** Article/pronoun elisions dropped before a word: `l'hôtel` -> `hotel` (fr, it). */
const ELISIONS = new Set([
  'l', 'd', 'j', 'm', 't', 's', 'c', 'n', 'qu', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu',
  'dell', 'nell', 'all', 'dall', 'sull', 'un', 'quell', 'dev',
]);

const EMOTICONS: ReadonlyMap<string, string> = new Map([
  [':-)', ':)'], [':)', ':)'], [':]', ':)'], ['=)', ':)'], [':o)', ':)'], ['(:', ':)'],
  [':-D', ':D'], [':D', ':D'], ['=D', ':D'], ['xD', 'xD'], ['XD', 'xD'],
  [';-)', ';)'], [';)', ';)'], [';D', ';)'],
  [':-P', ':P'], [':P', ':P'], [':p', ':P'], [':-p', ':P'],
  ['<3', '<3'], ['^^', '^^'], ['^_^', '^^'], [':*', ':*'], [':-*', ':*'],
  [':-(', ':('], [':(', ':('], [':[', ':('], ['=(', ':('], ["):", ':('],
  [":'(", ":'("], [":'-(", ":'("], [':/', ':/'], [':-/', ':/'], [':|', ':|'], [':-|', ':|'],
  ['</3', '</3'], ['D:', 'D:'], ['-_-', '-_-'], ['>:(', '>:('],
]);
/** Emoticons by the code of their first (ASCII) character, longest first. */
const EMOTICONS_BY_START: (readonly string[] | undefined)[] = (() => {
  const byStart: string[][] = [];
  for (const emoticon of [...EMOTICONS.keys()].sort((a, b) => b.length - a.length)) (byStart[emoticon.charCodeAt(0)] ??= []).push(emoticon);
  return Array.from({ length: 128 }, (_, code) => byStart[code]);
})();

const PUNCTUATION = new Map<number, string>([
  [46, '.'], [33, '!'], [63, '?'], [44, ','], [59, ';'], [58, ':'], [0x2026, '.'], [0xa1, '!'], [0xbf, '?'],
]);

function isEmojiCodePoint(code: number): boolean {
  return (
    (code >= 0x1f000 && code <= 0x1faff && !(code >= 0x1f3fb && code <= 0x1f3ff)) ||
    (code >= 0x2600 && code <= 0x27bf) ||
    (code >= 0x2b00 && code <= 0x2bff) ||
    (code >= 0x2300 && code <= 0x23ff) ||
    code === 0x2122 || code === 0x2665 || code === 0x3030
  );
}

function isWordChar(cls: number): boolean {
  return cls - 1 >>> 0 < CHAR_MARK;
}

/** The class of text[index]; past the end, a space. */
function classAt(text: string, index: number): number {
  return index < text.length ? (charClass[text.charCodeAt(index)] as number) : CHAR_SPACE;
}

/** Whether text has `pattern` at `index`, ASCII letters of text compared in lowercase. */
function hasAsciiLower(text: string, index: number, pattern: string): boolean {
  for (let k = 0; k < pattern.length; k++) {
    const code = text.charCodeAt(index + k);
    if ((code >= 65 && code <= 90 ? code + 32 : code) !== pattern.charCodeAt(k)) return false;
  }
  return true;
}

function startsWithUrl(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code === 104 || code === 72) {
    if (hasAsciiLower(text, index, 'https://')) return 8;
    if (hasAsciiLower(text, index, 'http://')) return 7;
  } else if (code === 119 || code === 87) {
    if (hasAsciiLower(text, index, 'www.') && isWordChar(classAt(text, index + 4))) return 4;
  }
  return 0;
}

const URL_TRAILING = new Set(['.', ',', ';', ':', '!', '?', ')', ']', '»', '"', "'", '’', '”']);

/** Split a hashtag body on camel case, letter/digit changes and underscores. */
export function splitHashtag(body: string): string[] {
  const parts: string[] = [];
  let current = '';
  let previousClass = 0; // 1 lower, 2 upper, 3 digit
  for (let i = 0; i < body.length; i++) {
    const character = body[i] as string;
    if (character === '_') {
      if (current) parts.push(current);
      current = '';
      previousClass = 0;
      continue;
    }
    const lower = character.toLowerCase();
    const upper = character.toUpperCase();
    const cls = character >= '0' && character <= '9' ? 3 : lower !== character ? 2 : upper !== character ? 1 : 1;
    const nextIsLower = i + 1 < body.length && (body[i + 1] as string).toUpperCase() !== body[i + 1] && (body[i + 1] as string).toLowerCase() === body[i + 1];
    const boundary =
      current.length > 0 &&
      ((cls === 2 && previousClass === 1) ||
        (cls === 3) !== (previousClass === 3) ||
        (cls === 2 && previousClass === 2 && nextIsLower));
    if (boundary) {
      parts.push(current);
      current = '';
    }
    current += character;
    previousClass = cls;
  }
  if (current) parts.push(current);
  return parts.map((part) => foldWord(part)).filter((part) => part.length > 0);
}

/**
 * One pass over the text producing the tokens every analysis step shares.
 * Words are folded (case, accents, elongation) and French/Italian elisions are dropped.
 */
export function tokenize(input: string): Token[] {
  if (startOverWhenFull()) {
    // forms and tokens point at lexemes of the old table: drop them too
    wordForms.clear();
    hashtagForms.clear();
    handleForms.clear();
    punctuationTokens.length = 0;
    emoticonTokens.clear();
    emojiTokens.clear();
  }
  const text = decodeUnicodeEscapes(decodeHtml(input));
  const tokens: Token[] = [];
  const length = text.length;
  let i = 0;
  let pendingFlags = 0;
  let atBoundary = true;
  while (i < length) {
    const code = text.charCodeAt(i);
    const cls = code < 0x10000 ? (charClass[code] as number) : CHAR_OTHER;

    if (cls === CHAR_SPACE) {
      i++;
      atBoundary = true;
      continue;
    }

    const urlPrefix = atBoundary ? startsWithUrl(text, i) : 0;
    if (urlPrefix > 0) {
      let end = i + urlPrefix;
      while (end < length && charClass[text.charCodeAt(end)] !== CHAR_SPACE) end++;
      while (end > i + urlPrefix && URL_TRAILING.has(text[end - 1] as string)) end--;
      tokens.push(new Token(TokenKind.Url, uniqueLexeme(text.slice(i, end)), 0));
      i = end;
      atBoundary = false;
      continue;
    }

    if (atBoundary && code < 128 && EMOTICONS_BY_START[code] !== undefined) {
      const emoticon = matchEmoticon(text, i, EMOTICONS_BY_START[code]);
      if (emoticon !== undefined) {
        tokens.push(emoticonToken(emoticon));
        i += emoticon.length;
        atBoundary = true;
        continue;
      }
    }

    if ((code === 35 || code === 64) && isWordChar(classAt(text, i + 1))) {
      let end = i + 1;
      let hash = FNV_OFFSET;
      while (end < length) {
        const next = text.charCodeAt(end);
        const nextClass = charClass[next] as number;
        if (isWordChar(nextClass) || next === 95 || (code === 64 && next === 46 && isWordChar(classAt(text, end + 1)))) {
          hash = hashCode(hash, next);
          end++;
        } else {
          break;
        }
      }
      tokens.push(code === 35 ? hashtagToken(text, i + 1, end, hash) : handleToken(text, i + 1, end, hash));
      i = end;
      atBoundary = false;
      continue;
    }

    if (isWordChar(cls)) {
      let end = i;
      let hasLetter = false;
      let hasApostrophe = false;
      /** code units after the word that belong to no token: an English `'s` */
      let skipped = 0;
      let hash = FNV_OFFSET;
      while (end < length) {
        const nextClass = charClass[text.charCodeAt(end)] as number;
        if (isWordChar(nextClass)) {
          if (nextClass === CHAR_LETTER) hasLetter = true;
          hash = hashCode(hash, text.charCodeAt(end));
          end++;
        } else if (nextClass === CHAR_APOSTROPHE && isWordChar(classAt(text, end + 1))) {
          if ((text[end + 1] === 's' || text[end + 1] === 'S') && !isWordChar(classAt(text, end + 2)) && hasLetter) {
            // a possessive or `is` (`Acme's app`, `it's`): the word itself, so `acme` finds `Acme's`
            skipped = 2;
            break;
          }
          const prefix = foldWord(text.slice(i, end));
          if (ELISIONS.has(prefix)) {
            if (prefix === 'n') pendingFlags |= TokenFlag.NegativeElision;
            i = end + 1;
            end = i;
            hasLetter = false;
            hash = FNV_OFFSET;
          } else {
            hasApostrophe = true;
            hash = hashCode(hash, text.charCodeAt(end));
            end++;
          }
        } else if (!hasLetter && (nextClass === CHAR_OTHER) && (text[end] === '.' || text[end] === ',') && classAt(text, end + 1) === CHAR_DIGIT) {
          hash = hashCode(hash, text.charCodeAt(end));
          end++; // 3.5, 1,000
        } else {
          break;
        }
      }
      const token = wordToken(text, i, end, hash, hasApostrophe, hasLetter);
      tokens.push(pendingFlags === 0 ? token : new Token(token.kind, token.lexeme, token.flags | pendingFlags));
      pendingFlags = 0;
      i = end + skipped;
      atBoundary = false;
      continue;
    }

    if (code >= 0xd800 && code <= 0xdbff) {
      const codePoint = text.codePointAt(i) as number;
      const width = codePoint > 0xffff ? 2 : 1;
      if (isEmojiCodePoint(codePoint)) {
        i = pushEmoji(tokens, text, i, codePoint, width);
      } else {
        i += width;
      }
      atBoundary = true;
      continue;
    }
    if (isEmojiCodePoint(code)) {
      i = pushEmoji(tokens, text, i, code, 1);
      atBoundary = true;
      continue;
    }

    const punctuation = PUNCTUATION.get(code);
    if (punctuation !== undefined) {
      let end = i + 1;
      while (end < length && PUNCTUATION.get(text.charCodeAt(end)) === punctuation) end++;
      tokens.push(punctuationToken(punctuation, end - i > 1));
      i = end;
      atBoundary = true;
      continue;
    }

    i++;
    atBoundary = true;
  }
  return tokens;
}

function matchEmoticon(text: string, index: number, candidates: readonly string[]): string | undefined {
  for (const candidate of candidates) {
    if (text.startsWith(candidate, index)) {
      const after = classAt(text, index + candidate.length);
      if (after !== CHAR_LETTER && after !== CHAR_DIGIT) return candidate;
    }
  }
  return undefined;
}

function pushEmoji(tokens: Token[], text: string, index: number, codePoint: number, width: number): number {
  let end = index + width;
  let repeated = false;
  // swallow variation selectors, skin tones and repeats of the same emoji
  for (;;) {
    const next = text.codePointAt(end);
    if (next === undefined) break;
    if (next === 0xfe0f || next === 0xfe0e || (next >= 0x1f3fb && next <= 0x1f3ff)) {
      end += next > 0xffff ? 2 : 1;
    } else if (next === codePoint) {
      repeated = true;
      end += width;
    } else {
      break;
    }
  }
  tokens.push(emojiToken(codePoint, repeated));
  return end;
}
