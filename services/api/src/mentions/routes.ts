import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { ApiContext } from '../context.js';
import { HttpProblem } from '../problem.js';
import { locateMentions, toResponse } from './locate.js';
import { BulkPatchBody, BulkPatchResponse, MentionIdParams, MentionResponse, PatchBody, SearchQuery, SearchResponse } from './schemas.js';
import { searchMentions } from './search.js';
import { applyChanges } from './workflow.js';

const RefreshQuery = Type.Object(
  { refresh: Type.Optional(Type.Boolean({ default: true, description: 'wait until the change is visible to searches' })) },
  { additionalProperties: false },
);

export const mentionRoutes: FastifyPluginAsync<{ context: ApiContext }> = async (fastify, { context }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(MentionResponse);

  app.get('/mentions', {
    config: { scope: 'read' },
    schema: { tags: ['mentions'], summary: 'Search mentions', querystring: SearchQuery, response: { 200: SearchResponse } },
  }, async (request) => {
    const { cursor, sort, size, highlight, exactTotal, ...filter } = request.query;
    if (cursor && Object.keys(filter).length > 0) {
      throw new HttpProblem(400, 'Bad request', `a cursor carries its filters; send only cursor (got also ${Object.keys(filter).join(', ')})`, Object.keys(filter).map((field) => ({ field, message: 'is not allowed with cursor' })));
    }
    return searchMentions(context, { filter, sort: sort ?? 'newest', size: size ?? 20, highlight: highlight ?? false, exactTotal: exactTotal ?? false }, cursor);
  });

  app.get('/mentions/:id', {
    config: { scope: 'read' },
    schema: { tags: ['mentions'], summary: 'One mention with its version', params: MentionIdParams, response: { 200: Type.Ref('Mention') } },
  }, async (request) => {
    const stored = (await locateMentions(context, [request.params.id])).get(request.params.id);
    if (!stored) throw new HttpProblem(404, 'Not found', `no mention '${request.params.id}'`);
    return toResponse(stored);
  });

  app.patch('/mentions/:id', {
    config: { scope: 'write' },
    schema: {
      tags: ['mentions'],
      summary: 'Update the workflow fields of a mention (status, assignee, tags, notes)',
      description: 'Send ifSeqNo and ifPrimaryTerm from the version you read to get 409 instead of overwriting a newer change.',
      params: MentionIdParams,
      querystring: RefreshQuery,
      body: PatchBody,
      response: { 200: Type.Ref('Mention') },
    },
  }, async (request) => {
    const { ifSeqNo, ifPrimaryTerm, ...changes } = request.body;
    if (Object.keys(changes).length === 0) throw new HttpProblem(400, 'Bad request', 'nothing to change: send status, assignee, tags, addTags, removeTags or notes');
    const [result] = await applyChanges(context, [{ id: request.params.id, ifSeqNo, ifPrimaryTerm }], changes, request.query.refresh ?? true);
    if (!result || result.status === 404) throw new HttpProblem(404, 'Not found', `no mention '${request.params.id}'`);
    if (result.status === 409) {
      throw new HttpProblem(409, 'Conflict', result.error!, [{ field: 'ifSeqNo', message: 'is stale', seqNo: result.seqNo, primaryTerm: result.primaryTerm }]);
    }
    return { ...result.mention!, seqNo: result.seqNo!, primaryTerm: result.primaryTerm! };
  });

  app.patch('/mentions', {
    config: { scope: 'write' },
    schema: {
      tags: ['mentions'],
      summary: 'Apply the same workflow change to many mentions',
      description: 'Each item may carry ifSeqNo/ifPrimaryTerm; each gets its own status (200, 404, 409).',
      querystring: RefreshQuery,
      body: BulkPatchBody,
      response: { 200: BulkPatchResponse },
    },
  }, async (request) => {
    const results = await applyChanges(context, request.body.items, request.body.changes, request.query.refresh ?? true);
    return {
      updated: results.filter((r) => r.status === 200).length,
      conflicts: results.filter((r) => r.status === 409).length,
      notFound: results.filter((r) => r.status === 404).length,
      items: results.map(({ mention: _mention, ...rest }) => rest),
    };
  });
};
