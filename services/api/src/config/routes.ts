import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type, { type TObject } from 'typebox';
import { AlertRuleSchema, BrandSchema, SlugSchema, SourceConfigSchema, type ConfigKind, type ConfigOf } from '@vigie/core';
import { QuerySyntaxError, parseQuery } from '@vigie/nlp';
import type { ApiContext } from '../context.js';
import { HttpProblem, unprocessable } from '../problem.js';

interface Resource<K extends ConfigKind> {
  kind: K;
  path: string;
  label: string;
  schema: TObject;
  /** Checks beyond the schema, run before storing. */
  check?: (context: ApiContext, value: ConfigOf<K>) => Promise<void>;
}

/** A brand's boolean query must parse; the error says where and what was expected. */
export function checkBrandQuery(query: string): void {
  try {
    parseQuery(query);
  } catch (error) {
    if (error instanceof QuerySyntaxError) {
      throw unprocessable('/query', `is not a valid query: ${error.message}`, { position: error.position, expected: error.expected });
    }
    throw error;
  }
}

const RESOURCES = [
  { kind: 'brand', path: 'brands', label: 'brand', schema: BrandSchema, check: async (_c, brand) => checkBrandQuery(brand.query) } satisfies Resource<'brand'>,
  { kind: 'source', path: 'sources', label: 'source', schema: SourceConfigSchema } satisfies Resource<'source'>,
  {
    kind: 'alert_rule', path: 'alert-rules', label: 'alert rule', schema: AlertRuleSchema,
    check: async (context, rule) => {
      await context.requireBrands('/brand', [rule.brand]);
      if (rule.filters.query) checkBrandQuery(rule.filters.query);
    },
  } satisfies Resource<'alert_rule'>,
] as Resource<ConfigKind>[];

const IdParams = Type.Object({ id: SlugSchema }, { additionalProperties: false });

export const configRoutes: FastifyPluginAsync<{ context: ApiContext }> = async (fastify, { context }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  for (const resource of RESOURCES) {
    const { kind, path, label, schema } = resource;
    const tags = ['configuration'];
    const ref = Type.Object(schema.properties, { additionalProperties: false, $id: `Config_${kind}` });
    app.addSchema(ref);
    const item = Type.Ref(`Config_${kind}`);
    const store = async (value: ConfigOf<ConfigKind>) => {
      await resource.check?.(context, value);
      const stored = await context.store.put(kind, value);
      if (kind === 'brand') context.forgetBrands();
      return stored;
    };

    app.get(`/${path}`, {
      config: { scope: 'read' },
      schema: { tags, summary: `List ${label}s`, response: { 200: Type.Object({ items: Type.Array(item) }) } },
    }, async () => ({ items: await context.store.list(kind) }));

    app.get(`/${path}/:id`, {
      config: { scope: 'read' },
      schema: { tags, summary: `One ${label}`, params: IdParams, response: { 200: item } },
    }, async (request) => context.store.get(kind, request.params.id));

    app.post(`/${path}`, {
      config: { scope: 'admin' },
      schema: { tags, summary: `Create a ${label}`, body: ref, response: { 201: item } },
    }, async (request, reply) => {
      const value = request.body as ConfigOf<ConfigKind>;
      const exists = await context.store.get(kind, value.id).then(() => true, () => false);
      if (exists) throw new HttpProblem(409, 'Conflict', `${label} '${value.id}' exists; PUT /v1/${path}/${value.id} replaces it`, [{ field: '/id', message: 'is taken' }]);
      return reply.code(201).send(await store(value));
    });

    const PutBody = Type.Object({ ...schema.properties, id: Type.Optional(SlugSchema) }, { additionalProperties: false });
    app.put(`/${path}/:id`, {
      config: { scope: 'admin' },
      schema: { tags, summary: `Create or replace a ${label}`, params: IdParams, body: PutBody, response: { 200: item } },
    }, async (request) => {
      const body = request.body as Record<string, unknown>;
      if (body.id !== undefined && body.id !== request.params.id) {
        throw new HttpProblem(400, 'Bad request', `body id '${String(body.id)}' differs from the path id '${request.params.id}'`, [{ field: '/id', message: 'differs from the path' }]);
      }
      return store({ ...body, id: request.params.id } as ConfigOf<ConfigKind>);
    });

    app.delete(`/${path}/:id`, {
      config: { scope: 'admin' },
      schema: { tags, summary: `Delete a ${label}`, params: IdParams },
    }, async (request, reply) => {
      if (!(await context.store.remove(kind, request.params.id))) throw new HttpProblem(404, 'Not found', `no ${label} '${request.params.id}'`);
      if (kind === 'brand') context.forgetBrands();
      return reply.code(204).send();
    });
  }
};
