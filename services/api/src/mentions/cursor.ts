import { Check } from 'typebox/value';
import Type, { type Static } from 'typebox';
import { HttpProblem } from '../problem.js';
import { MentionFilterSchema } from './filters.js';
import { SORTS, MAX_PAGE_SIZE } from './schemas.js';

const SortValue = Type.Union([Type.String({ maxLength: 1024 }), Type.Number(), Type.Null()]);

const CursorSchema = Type.Object(
  {
    filter: MentionFilterSchema,
    sort: Type.Enum(SORTS),
    size: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE }),
    highlight: Type.Boolean(),
    exactTotal: Type.Optional(Type.Boolean()),
    after: Type.Array(SortValue, { minItems: 1, maxItems: 5 }),
    pit: Type.Optional(Type.String({ maxLength: 4096 })),
  },
  { additionalProperties: false },
);

export type Cursor = Static<typeof CursorSchema>;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/** A cursor is client input like any other: decoded, then checked against its schema before use. */
export function decodeCursor(text: string): Cursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (!Check(CursorSchema, value)) {
    throw new HttpProblem(400, 'Bad request', 'cursor is not one this API issued; pass nextCursor back unchanged', [{ field: 'cursor', message: 'is not a valid cursor' }]);
  }
  return value;
}
