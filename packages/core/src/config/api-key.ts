import Type, { type Static } from 'typebox';

export const API_SCOPES = ['read', 'write', 'admin'] as const;

/** A stored API key: only the SHA-256 hash of the secret is kept. */
export const ApiKeySchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9]{8,32}$' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    scopes: Type.Array(Type.Enum(API_SCOPES), { minItems: 1, uniqueItems: true }),
    hash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    createdAt: Type.String({ format: 'date-time' }),
    revokedAt: Type.Optional(Type.String({ format: 'date-time' })),
    rateLimitPerMinute: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

export type ApiScope = (typeof API_SCOPES)[number];
export type ApiKey = Static<typeof ApiKeySchema>;
