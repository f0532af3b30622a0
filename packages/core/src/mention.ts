import Type, { type Static } from 'typebox';

/** Largest text a mention may carry, in UTF-8 bytes. */
export const MAX_TEXT_BYTES = 1024 * 1024;

export const SOURCE_TYPES = [
  'rss', 'reddit', 'mastodon', 'bluesky', 'hackernews', 'youtube', 'x', 'appstore', 'webhook', 'import', 'demo',
] as const;
export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;
export const WORKFLOW_STATUSES = ['new', 'open', 'handled', 'ignored'] as const;

const DateTime = Type.String({ format: 'date-time' });
const Count = Type.Integer({ minimum: 0 });
const Score = Type.Number({ minimum: -1, maximum: 1 });
const Probability = Type.Number({ minimum: 0, maximum: 1 });

export const SourceTypeSchema = Type.Enum(SOURCE_TYPES);
export const SentimentLabelSchema = Type.Enum(SENTIMENT_LABELS);
export const WorkflowStatusSchema = Type.Enum(WORKFLOW_STATUSES);

export const AuthorSchema = Type.Object(
  {
    id: Type.Optional(Type.String({ maxLength: 512 })),
    handle: Type.Optional(Type.String({ maxLength: 512 })),
    name: Type.Optional(Type.String({ maxLength: 512 })),
    followers: Type.Optional(Count),
    url: Type.Optional(Type.String({ format: 'uri', maxLength: 4096 })),
  },
  { additionalProperties: false },
);

export const EngagementSchema = Type.Object(
  {
    likes: Type.Optional(Count),
    shares: Type.Optional(Count),
    comments: Type.Optional(Count),
    views: Type.Optional(Count),
    score: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);

/** What a collector produces to `vigie.mentions.raw`. */
export const RawMentionSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z]+-[0-9a-f]{32}$', description: 'Stable id derived from source and sourceId' }),
    source: SourceTypeSchema,
    sourceName: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Configured source that collected it' })),
    sourceId: Type.String({ minLength: 1, maxLength: 1024, description: "The source's own id" }),
    url: Type.Optional(Type.String({ format: 'uri', maxLength: 4096 })),
    title: Type.Optional(Type.String({ maxLength: 4096 })),
    text: Type.String({ maxLength: MAX_TEXT_BYTES }),
    lang: Type.Optional(Type.String({ pattern: '^[a-z]{2,3}$', description: 'Language given by the source (ISO 639-1)' })),
    publishedAt: DateTime,
    collectedAt: DateTime,
    author: Type.Optional(AuthorSchema),
    metrics: Type.Optional(EngagementSchema),
    parentId: Type.Optional(Type.String({ maxLength: 1024, description: 'sourceId of the post this one replies to' })),
    sourceBrands: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100, description: 'Brands the source is bound to' })),
  },
  { additionalProperties: false },
);

export const SentimentSchema = Type.Object(
  { label: SentimentLabelSchema, score: Score, confidence: Probability },
  { additionalProperties: false },
);

export const AspectSentimentSchema = Type.Object(
  { name: Type.String(), brand: Type.String(), label: SentimentLabelSchema, score: Score },
  { additionalProperties: false },
);

/** The fields the analyzer adds. */
export const AnalysisSchema = Type.Object(
  {
    brands: Type.Array(Type.String()),
    brandMatches: Type.Array(Type.Object({ brand: Type.String(), terms: Type.Array(Type.String()) }, { additionalProperties: false })),
    language: Type.Object(
      { code: Type.String(), confidence: Probability, source: Type.Enum(['source', 'detected']) },
      { additionalProperties: false },
    ),
    sentiment: SentimentSchema,
    aspects: Type.Array(AspectSentimentSchema),
    aspectNames: Type.Array(Type.String()),
    negativeAspects: Type.Array(Type.String()),
    topics: Type.Array(Type.String()),
    keywords: Type.Array(Type.String()),
    hashtags: Type.Array(Type.String()),
    handles: Type.Array(Type.String()),
    links: Type.Array(Type.String()),
    fingerprint: Type.String({ pattern: '^[0-9a-f]{16}$' }),
    duplicateOf: Type.Optional(Type.String()),
    reach: Type.Number({ minimum: 0 }),
    textNormalized: Type.String(),
  },
  { additionalProperties: false },
);

/** What the analyzer produces to `vigie.mentions.enriched`. */
export const EnrichedMentionSchema = Type.Object(
  { ...RawMentionSchema.properties, ...AnalysisSchema.properties, analyzedAt: DateTime },
  { additionalProperties: false },
);

/** Fields people set through the API; the indexer never overwrites them. */
export const WorkflowSchema = Type.Object(
  {
    status: WorkflowStatusSchema,
    assignee: Type.Optional(Type.String({ maxLength: 200 })),
    tags: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 }),
    notes: Type.Optional(Type.String({ maxLength: 10_000 })),
  },
  { additionalProperties: false },
);

export type SourceType = (typeof SOURCE_TYPES)[number];
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];
export type Author = Static<typeof AuthorSchema>;
export type Engagement = Static<typeof EngagementSchema>;
export type RawMention = Static<typeof RawMentionSchema>;
export type Sentiment = Static<typeof SentimentSchema>;
export type AspectSentiment = Static<typeof AspectSentimentSchema>;
export type Analysis = Static<typeof AnalysisSchema>;
export type EnrichedMention = Static<typeof EnrichedMentionSchema>;
export type Workflow = Static<typeof WorkflowSchema>;
/** A mention as stored in Elasticsearch: enriched, with workflow fields and the index time. */
export type MentionDocument = EnrichedMention & Partial<Workflow> & { indexedAt?: string };
