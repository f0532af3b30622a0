import Type, { type Static } from 'typebox';
import { SlugSchema } from './brand.js';

export const ALERT_RULE_TYPES = ['negative_spike', 'volume_spike', 'sentiment_drop', 'keyword', 'influencer', 'emerging_topic', 'digest'] as const;

const HourMinute = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });

export const ChannelSchema = Type.Union([
  Type.Object({ type: Type.Literal('email'), to: Type.Array(Type.String({ format: 'email' }), { minItems: 1, maxItems: 50 }), locale: Type.Optional(Type.Enum(['fr', 'en'])) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('slack'), url: Type.String({ format: 'uri', maxLength: 2048 }) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('webhook'), url: Type.String({ format: 'uri', maxLength: 2048 }), secretEnv: Type.Optional(Type.String({ pattern: '^[A-Z_][A-Z0-9_]*$' })) }, { additionalProperties: false }),
]);

export const AlertRuleSchema = Type.Object(
  {
    id: SlugSchema,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    type: Type.Enum(ALERT_RULE_TYPES),
    brand: SlugSchema,
    enabled: Type.Boolean({ default: true }),
    /** Optional filters on the brand's mentions, e.g. {"language": ["fr"], "source": ["x"]}. */
    filters: Type.Object(
      {
        language: Type.Optional(Type.Array(Type.String(), { maxItems: 20 })),
        source: Type.Optional(Type.Array(Type.String(), { maxItems: 20 })),
        query: Type.Optional(Type.String({ maxLength: 2000 })),
      },
      { additionalProperties: false, default: {} },
    ),
    /** Type-specific parameters: windowMinutes, minCount, threshold, query, reachThreshold, ...; for `digest`: frequency, at, weekday. */
    params: Type.Record(Type.String(), Type.Unknown(), { default: {} }),
    channels: Type.Array(ChannelSchema, { maxItems: 20, default: [] }),
    cooldownMinutes: Type.Integer({ minimum: 1, maximum: 10_080, default: 60 }),
    timezone: Type.String({ minLength: 1, maxLength: 64, default: 'Europe/Paris' }),
    quietHours: Type.Optional(Type.Object({ start: HourMinute, end: HourMinute }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export type AlertChannel = Static<typeof ChannelSchema>;
export type AlertRule = Static<typeof AlertRuleSchema>;
export type AlertRuleType = (typeof ALERT_RULE_TYPES)[number];
