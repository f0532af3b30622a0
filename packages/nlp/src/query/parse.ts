import { TokenKind, tokenize } from '../normalize/tokenize.js';
import { foldWord } from '../normalize/fold.js';
import { QUERY_FIELDS, type QueryField, type QueryNode, type WordPattern } from './ast.js';
import { QuerySyntaxError } from './errors.js';

type Lexeme =
  | { kind: 'open' | 'close' | 'and' | 'or' | 'not'; position: number; text: string }
  | { kind: 'near'; position: number; text: string; distance: number }
  | { kind: 'word' | 'phrase'; position: number; text: string }
  | { kind: 'field'; position: number; text: string; field: QueryField; value: string; valuePosition: number };

const OPERAND = "a term, a \"phrase\", a field filter (lang:, source:, author:) or '('";
const NEAR_PATTERN = /^NEAR\/(\d{1,3})$/;
const FIELD_PATTERN = /^([a-zA-Z]+):(.*)$/s;

function isSpace(character: string): boolean {
  return character === ' ' || character === '\t' || character === '\n' || character === '\r';
}

function readPhrase(query: string, open: number): { text: string; end: number } {
  const close = query.indexOf('"', open + 1);
  if (close < 0) throw new QuerySyntaxError(query.length, 'a closing \'"\'', 'end of query', query);
  return { text: query.slice(open + 1, close), end: close + 1 };
}

function lex(query: string): Lexeme[] {
  const lexemes: Lexeme[] = [];
  let i = 0;
  while (i < query.length) {
    const character = query[i] as string;
    if (isSpace(character)) {
      i++;
    } else if (character === '(' || character === ')') {
      lexemes.push({ kind: character === '(' ? 'open' : 'close', position: i, text: character });
      i++;
    } else if (character === '"') {
      const phrase = readPhrase(query, i);
      lexemes.push({ kind: 'phrase', position: i, text: phrase.text });
      i = phrase.end;
    } else {
      const start = i;
      while (i < query.length && !isSpace(query[i] as string) && query[i] !== '(' && query[i] !== ')' && query[i] !== '"') i++;
      const word = query.slice(start, i);
      lexemes.push(classifyWord(query, word, start, () => {
        const phrase = readPhrase(query, i);
        i = phrase.end;
        return phrase.text;
      }));
    }
  }
  return lexemes;
}

function classifyWord(query: string, word: string, position: number, readQuotedValue: () => string): Lexeme {
  if (word === 'AND' || word === 'OR' || word === 'NOT') {
    return { kind: word === 'AND' ? 'and' : word === 'OR' ? 'or' : 'not', position, text: word };
  }
  if (word.startsWith('NEAR')) {
    const near = NEAR_PATTERN.exec(word);
    if (!near) throw new QuerySyntaxError(position, 'NEAR/<number of words>, e.g. NEAR/3', `'${word}'`, query);
    return { kind: 'near', position, text: word, distance: Number(near[1]) };
  }
  const field = FIELD_PATTERN.exec(word);
  if (field) {
    const name = (field[1] as string).toLowerCase();
    if (!(QUERY_FIELDS as readonly string[]).includes(name)) {
      throw new QuerySyntaxError(position, `a known field (${QUERY_FIELDS.map((f) => `${f}:`).join(', ')})`, `'${field[1]}:'`, query);
    }
    const valuePosition = position + name.length + 1;
    let value = field[2] as string;
    if (value === '' && query[valuePosition] === '"') value = readQuotedValue();
    if (value.trim() === '') throw new QuerySyntaxError(valuePosition, `a value after '${name}:'`, describeAt(query, valuePosition), query);
    return { kind: 'field', position, text: word, field: name as QueryField, value, valuePosition };
  }
  return { kind: 'word', position, text: word };
}

function describeAt(query: string, position: number): string {
  return position >= query.length ? 'end of query' : `'${query[position]}'`;
}

function describe(lexeme: Lexeme | undefined): string {
  return lexeme === undefined ? 'end of query' : `'${lexeme.text}'`;
}

/** Normalise one query word the way mention text is normalised; a trailing `*` makes the last word a prefix. */
function wordPatterns(query: string, raw: string, position: number): WordPattern[] {
  const star = raw.indexOf('*');
  const prefix = star >= 0;
  if (prefix && (star !== raw.length - 1 || star === 0)) {
    throw new QuerySyntaxError(position + star, "letters before a single trailing '*' wildcard", `'${raw}'`, query);
  }
  const body = prefix ? raw.slice(0, -1) : raw;
  const words: string[] = [];
  for (const token of tokenize(body)) {
    if (token.kind === TokenKind.Url || token.kind === TokenKind.Punct) continue;
    words.push(token.text);
  }
  if (words.length === 0) throw new QuerySyntaxError(position, 'a word, emoji or emoticon to search for', `'${raw}'`, query);
  return words.map((text, index) => ({ text, prefix: prefix && index === words.length - 1 }));
}

function termNode(query: string, lexeme: Lexeme & { kind: 'word' | 'phrase' }): QueryNode {
  const words: WordPattern[] = [];
  let offset = lexeme.kind === 'phrase' ? lexeme.position + 1 : lexeme.position;
  for (const part of lexeme.text.split(/(\s+)/)) {
    if (part.trim() !== '') words.push(...wordPatterns(query, part, offset));
    offset += part.length;
  }
  if (words.length === 0) throw new QuerySyntaxError(lexeme.position, 'a non-empty phrase', '\'""\'', query);
  const source = lexeme.kind === 'phrase' ? `"${lexeme.text}"` : lexeme.text;
  return { type: 'term', source, words, position: lexeme.position };
}

function isPositional(node: QueryNode): boolean {
  if (node.type === 'term' || node.type === 'near') return true;
  if (node.type === 'or') return node.children.every(isPositional);
  return false;
}

class Parser {
  private index = 0;

  constructor(
    private readonly query: string,
    private readonly lexemes: Lexeme[],
  ) {}

  parse(): QueryNode {
    const node = this.parseOr();
    const rest = this.lexemes[this.index];
    if (rest !== undefined) {
      throw new QuerySyntaxError(rest.position, 'AND, OR, NOT, NEAR/n or end of query', describe(rest), this.query);
    }
    return node;
  }

  private peek(): Lexeme | undefined {
    return this.lexemes[this.index];
  }

  private parseOr(): QueryNode {
    const children = [this.parseAnd()];
    while (this.peek()?.kind === 'or') {
      this.index++;
      children.push(this.parseAnd());
    }
    return children.length === 1 ? (children[0] as QueryNode) : { type: 'or', children };
  }

  private parseAnd(): QueryNode {
    const children = [this.parseUnary()];
    for (;;) {
      const next = this.peek();
      if (next === undefined) break;
      if (next.kind === 'and') {
        this.index++;
        children.push(this.parseUnary());
      } else if (next.kind === 'word' || next.kind === 'phrase' || next.kind === 'field' || next.kind === 'open' || next.kind === 'not') {
        children.push(this.parseUnary()); // adjacency means AND
      } else {
        break;
      }
    }
    return children.length === 1 ? (children[0] as QueryNode) : { type: 'and', children };
  }

  private parseUnary(): QueryNode {
    if (this.peek()?.kind === 'not') {
      this.index++;
      return { type: 'not', child: this.parseUnary() };
    }
    return this.parseNear();
  }

  private parseNear(): QueryNode {
    let left = this.parsePrimary();
    for (let next = this.peek(); next?.kind === 'near'; next = this.peek()) {
      this.index++;
      const right = this.parsePrimary();
      if (!isPositional(left) || !isPositional(right)) {
        throw new QuerySyntaxError(next.position, 'terms, phrases or (… OR …) groups of them on both sides of NEAR/n', describe(next), this.query);
      }
      left = { type: 'near', distance: next.distance, left, right };
    }
    return left;
  }

  private parsePrimary(): QueryNode {
    const lexeme = this.peek();
    if (lexeme === undefined) {
      throw new QuerySyntaxError(this.query.length, OPERAND, 'end of query', this.query);
    }
    switch (lexeme.kind) {
      case 'open': {
        this.index++;
        const inner = this.parseOr();
        const close = this.peek();
        if (close?.kind !== 'close') {
          throw new QuerySyntaxError(close?.position ?? this.query.length, "')' to close the '(' at position " + lexeme.position, describe(close), this.query);
        }
        this.index++;
        return inner;
      }
      case 'word':
      case 'phrase':
        this.index++;
        return termNode(this.query, lexeme);
      case 'field': {
        this.index++;
        const value = lexeme.value.trim();
        const prefix = value.endsWith('*') && value.length > 1;
        const folded = foldWord(prefix ? value.slice(0, -1) : value).replace(/^@/, '');
        return { type: 'field', field: lexeme.field, value: { text: folded, prefix } };
      }
      default:
        throw new QuerySyntaxError(lexeme.position, OPERAND, describe(lexeme), this.query);
    }
  }
}

/** Parse a standalone term or phrase (e.g. an aspect term): words with optional trailing wildcards. */
export function parseTerm(text: string): WordPattern[] {
  const node = termNode(text, { kind: 'phrase', position: -1, text });
  return node.type === 'term' ? [...node.words] : [];
}

/** Parse a brand query; throws {@link QuerySyntaxError} with the position and what was expected. */
export function parseQuery(query: string): QueryNode {
  return new Parser(query, lex(query)).parse();
}
