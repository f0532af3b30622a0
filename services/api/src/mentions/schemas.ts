import Type from 'typebox';
import { MentionDocumentSchema, WORKFLOW_STATUSES } from '@vigie/core';
import { MentionFilterProperties } from './filters.js';

export const MENTION_ID_PATTERN = '^[a-z]+-[0-9a-f]{32}$';
export const MentionIdParams = Type.Object({ id: Type.String({ pattern: MENTION_ID_PATTERN }) }, { additionalProperties: false });

/** A stored mention as the API returns it: the core document plus its version for optimistic concurrency. */
export const MentionResponse = Type.Object(
  {
    ...Type.Partial(MentionDocumentSchema).properties,
    seqNo: Type.Integer({ description: 'send back as ifSeqNo to update only this version' }),
    primaryTerm: Type.Integer({ description: 'send back as ifPrimaryTerm' }),
    highlight: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()))),
  },
  { $id: 'Mention' },
);

export const SORTS = ['newest', 'oldest', 'reach', 'relevance'] as const;
export const MAX_PAGE_SIZE = 100;

export const SearchQuery = Type.Object(
  {
    ...MentionFilterProperties,
    sort: Type.Optional(Type.Enum(SORTS, { default: 'newest' })),
    size: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })),
    highlight: Type.Optional(Type.Boolean({ default: false })),
    exactTotal: Type.Optional(Type.Boolean({ default: false, description: 'count every match; otherwise the total stops at 10,000 (relation gte), which keeps sorted pages fast' })),
    cursor: Type.Optional(Type.String({ maxLength: 8192, description: 'nextCursor of the previous page; carries the filters' })),
  },
  { additionalProperties: false },
);

export const SearchResponse = Type.Object({
  total: Type.Object({ value: Type.Integer(), relation: Type.Enum(['eq', 'gte']) }),
  items: Type.Array(Type.Ref('Mention')),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 });

export const WorkflowChanges = Type.Object(
  {
    status: Type.Optional(Type.Enum(WORKFLOW_STATUSES)),
    assignee: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()], { description: 'null clears it' })),
    tags: Type.Optional(Tags),
    addTags: Type.Optional(Tags),
    removeTags: Type.Optional(Tags),
    notes: Type.Optional(Type.Union([Type.String({ maxLength: 10_000 }), Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);

const Precondition = {
  ifSeqNo: Type.Optional(Type.Integer({ minimum: 0 })),
  ifPrimaryTerm: Type.Optional(Type.Integer({ minimum: 1 })),
};

export const PatchBody = Type.Object(
  { ...WorkflowChanges.properties, ...Precondition },
  { additionalProperties: false, minProperties: 1 },
);

export const MAX_BULK = 500;

export const BulkPatchBody = Type.Object(
  {
    items: Type.Array(Type.Object({ id: Type.String({ pattern: MENTION_ID_PATTERN }), ...Precondition }, { additionalProperties: false }), { minItems: 1, maxItems: MAX_BULK }),
    changes: WorkflowChanges,
  },
  { additionalProperties: false },
);

export const BulkPatchResponse = Type.Object({
  updated: Type.Integer(),
  conflicts: Type.Integer(),
  notFound: Type.Integer(),
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      status: Type.Integer({ description: '200 updated, 404 unknown id, 409 stale version' }),
      seqNo: Type.Optional(Type.Integer()),
      primaryTerm: Type.Optional(Type.Integer()),
      error: Type.Optional(Type.String()),
    }),
  ),
});
