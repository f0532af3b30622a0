/** A brand query that cannot be parsed; `position` is a 0-based offset in the query string. */
export class QuerySyntaxError extends Error {
  override readonly name = 'QuerySyntaxError';

  constructor(
    readonly position: number,
    readonly expected: string,
    readonly found: string,
    readonly query: string,
  ) {
    super(`Invalid query at position ${position}: expected ${expected} but found ${found}`);
  }
}
