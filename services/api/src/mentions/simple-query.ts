import { normalizeForSearch } from '@vigie/nlp';

const OPERATORS = new Set(['+', '-', '|', '(', ')']);
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** A term's words in the indexed form; several words (an elision, a hashtag, "wi-fi") become a phrase. */
function normalizeTerm(term: string, prefix: boolean): string {
  const words = normalizeForSearch(term);
  if (!words) return '';
  if (words.includes(' ')) return `"${words}"`;
  return prefix ? `${words}*` : words;
}

/**
 * Rewrite a `simple_query_string` (quotes, +, -, |, *, parentheses) so its terms are normalised the way the
 * `textNormalized` field was written, keeping the operators. Characters the syntax reserves for fuzziness
 * and slop (`~`) are dropped: they would let one request expand unboundedly.
 */
export function normalizeSimpleQuery(query: string): string {
  const out: string[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i] as string;
    if (isSpace(c)) {
      out.push(' ');
      i++;
    } else if (c === '"') {
      const close = query.indexOf('"', i + 1);
      const end = close < 0 ? query.length : close;
      const words = normalizeForSearch(query.slice(i + 1, end));
      if (words) out.push(`"${words}"`);
      i = end + 1;
    } else if (OPERATORS.has(c)) {
      out.push(c);
      i++;
    } else {
      const start = i;
      while (i < query.length && !isSpace(query[i] as string) && query[i] !== '"' && query[i] !== '(' && query[i] !== ')' && query[i] !== '|') i++;
      let term = query.slice(start, i).replace(/~\d*$/, '');
      const prefix = term.endsWith('*');
      term = term.replace(/\*+$/, '');
      out.push(normalizeTerm(term, prefix));
    }
  }
  return out.join('').replace(/\s+/g, ' ').trim();
}
