import Type, { type Static } from 'typebox';
import { SourceTypeSchema } from '../mention.js';
import { SlugSchema } from './brand.js';

export const SourceConfigSchema = Type.Object(
  {
    id: SlugSchema,
    type: SourceTypeSchema,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    enabled: Type.Boolean({ default: true }),
    schedule: Type.String({ minLength: 1, maxLength: 100, default: '*/5 * * * *', description: 'cron expression (node-cron, seconds optional)' }),
    params: Type.Record(Type.String(), Type.Unknown(), { default: {}, description: 'connector parameters (query, feed url, instance, ...)' }),
    secrets: Type.Record(Type.String(), Type.String({ pattern: '^[A-Z_][A-Z0-9_]*$' }), {
      default: {},
      description: 'secret name -> environment variable holding it; values never leave the environment',
    }),
    brands: Type.Array(SlugSchema, { maxItems: 100, default: [], description: 'brands this source is bound to' }),
    rateLimitPerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  },
  { additionalProperties: false },
);

export type SourceConfig = Static<typeof SourceConfigSchema>;
