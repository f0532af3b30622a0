import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { API_SCOPES, ApiKeySchema } from '@vigie/core';
import type { ApiContext } from '../context.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../auth/manage.js';

const { hash: _hash, ...publicProperties } = ApiKeySchema.properties;
const PublicKeySchema = Type.Object(publicProperties, { $id: 'ApiKey' });
const KeyParams = Type.Object({ id: ApiKeySchema.properties.id }, { additionalProperties: false });

const NewKeyBody = Type.Object(
  {
    name: ApiKeySchema.properties.name,
    scopes: Type.Array(Type.Enum(API_SCOPES), { minItems: 1, maxItems: 3, uniqueItems: true }),
    rateLimitPerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  },
  { additionalProperties: false },
);

export const keyRoutes: FastifyPluginAsync<{ context: ApiContext }> = async (fastify, { context }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(PublicKeySchema);
  const admin = { scope: 'admin' as const };
  const tags = ['keys'];

  app.get('/keys', {
    config: admin,
    schema: { tags, summary: 'List API keys (never their secrets)', response: { 200: Type.Object({ items: Type.Array(Type.Ref('ApiKey')) }) } },
  }, async () => ({ items: await listApiKeys(context.store) }));

  app.post('/keys', {
    config: admin,
    schema: {
      tags, summary: 'Create an API key; its secret is returned once', body: NewKeyBody,
      response: { 201: Type.Object({ ...publicProperties, token: Type.String({ description: 'send as "Authorization: Bearer <token>"; not retrievable later' }) }) },
    },
  }, async (request, reply) => reply.code(201).send(await createApiKey(context.store, request.body)));

  app.delete('/keys/:id', {
    config: admin,
    schema: { tags, summary: 'Revoke an API key', params: KeyParams, response: { 200: Type.Ref('ApiKey') } },
  }, async (request) => {
    const key = await revokeApiKey(context.store, request.params.id);
    context.keys.forget(key.id);
    return key;
  });
};
