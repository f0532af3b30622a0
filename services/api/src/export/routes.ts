import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { stringify } from 'csv-stringify';
import Type from 'typebox';
import type { MentionDocument } from '@vigie/core';
import type { ApiContext } from '../context.js';
import { MentionFilterProperties, buildFilterQuery } from '../mentions/filters.js';
import { exportPages } from './pages.js';

/** CSV columns: a flat, spreadsheet-friendly view; NDJSON carries the whole document. */
const CSV_COLUMNS: [string, (m: MentionDocument) => unknown][] = [
  ['id', (m) => m.id],
  ['publishedAt', (m) => m.publishedAt],
  ['source', (m) => m.source],
  ['sourceName', (m) => m.sourceName],
  ['url', (m) => m.url],
  ['authorHandle', (m) => m.author?.handle],
  ['authorName', (m) => m.author?.name],
  ['authorFollowers', (m) => m.author?.followers],
  ['language', (m) => m.language?.code],
  ['sentiment', (m) => m.sentiment?.label],
  ['sentimentScore', (m) => m.sentiment?.score],
  ['reach', (m) => m.reach],
  ['brands', (m) => m.brands?.join('|')],
  ['aspects', (m) => m.aspectNames?.join('|')],
  ['topics', (m) => m.topics?.join('|')],
  ['status', (m) => m.status ?? 'new'],
  ['assignee', (m) => m.assignee],
  ['tags', (m) => m.tags?.join('|')],
  ['title', (m) => m.title],
  ['text', (m) => m.text],
];
const CSV_SOURCE_FIELDS = ['id', 'publishedAt', 'source', 'sourceName', 'url', 'author', 'language.code', 'sentiment', 'reach', 'brands', 'aspectNames', 'topics', 'status', 'assignee', 'tags', 'title', 'text'];

const ExportQuery = Type.Object(
  { ...MentionFilterProperties, format: Type.Optional(Type.Enum(['csv', 'ndjson'], { default: 'csv' })) },
  { additionalProperties: false },
);

export const exportRoutes: FastifyPluginAsync<{ context: ApiContext }> = async (fastify, { context }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/export', {
    config: { scope: 'read' },
    schema: {
      tags: ['export'],
      summary: 'Stream every mention matching the filters as CSV or NDJSON',
      description: 'Streams from a point-in-time snapshot page by page; memory stays constant whatever the number of rows.',
      querystring: ExportQuery,
      produces: ['text/csv', 'application/x-ndjson'],
    },
  }, async (request, reply) => {
    const { format = 'csv', ...filter } = request.query;
    await context.requireBrands('brand', filter.brand);
    const query = buildFilterQuery(filter);
    const abort = new AbortController();
    request.raw.once('close', () => abort.abort());
    const pages = exportPages(context, query, format === 'csv' ? CSV_SOURCE_FIELDS : ['*'], abort.signal);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    reply.header('content-disposition', `attachment; filename="vigie-mentions-${stamp}.${format}"`);
    if (format === 'ndjson') {
      reply.type('application/x-ndjson; charset=utf-8');
      return reply.send(Readable.from(ndjsonChunks(pages)));
    }
    reply.type('text/csv; charset=utf-8');
    const csv = stringify({ header: true, columns: CSV_COLUMNS.map(([name]) => name), cast: { boolean: String, number: String } });
    const rows = Readable.from(csvRows(pages), { objectMode: true });
    rows.on('error', (error) => csv.destroy(error));
    return reply.send(rows.pipe(csv));
  });
};

async function* ndjsonChunks(pages: AsyncIterable<MentionDocument[]>): AsyncGenerator<string> {
  for await (const page of pages) {
    let chunk = '';
    for (const mention of page) chunk += `${JSON.stringify(mention)}\n`;
    yield chunk;
  }
}

async function* csvRows(pages: AsyncIterable<MentionDocument[]>): AsyncGenerator<unknown[]> {
  for await (const page of pages) {
    for (const mention of page) yield CSV_COLUMNS.map(([, value]) => value(mention) ?? '');
  }
}
