/** One word of a term or phrase, already normalised; `prefix` for a trailing wildcard (`vigi*`). */
export interface WordPattern {
  readonly text: string;
  readonly prefix: boolean;
}

export const QUERY_FIELDS = ['lang', 'source', 'author'] as const;
export type QueryField = (typeof QUERY_FIELDS)[number];

export type QueryNode =
  | { readonly type: 'term'; readonly source: string; readonly words: readonly WordPattern[]; readonly position: number }
  | { readonly type: 'field'; readonly field: QueryField; readonly value: WordPattern }
  | { readonly type: 'and'; readonly children: readonly QueryNode[] }
  | { readonly type: 'or'; readonly children: readonly QueryNode[] }
  | { readonly type: 'not'; readonly child: QueryNode }
  | { readonly type: 'near'; readonly distance: number; readonly left: QueryNode; readonly right: QueryNode };
