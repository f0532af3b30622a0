import Type, { type Static } from 'typebox';

const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,62}$', description: 'lowercase id: letters, digits, - and _' });

export const AspectDefinitionSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    terms: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 500 }),
  },
  { additionalProperties: false },
);

export const BrandSchema = Type.Object(
  {
    id: Slug,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    query: Type.String({ minLength: 1, maxLength: 10_000, description: 'Boolean query: terms, "phrases", AND/OR/NOT, NEAR/n, wildcards, lang:/source:/author: filters' }),
    aspects: Type.Array(AspectDefinitionSchema, { maxItems: 100, default: [] }),
    competitors: Type.Array(Slug, { maxItems: 50, default: [] }),
  },
  { additionalProperties: false },
);

export type AspectDefinition = Static<typeof AspectDefinitionSchema>;
export type Brand = Static<typeof BrandSchema>;
export { Slug as SlugSchema };
