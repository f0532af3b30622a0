import type { FastifyPluginAsync } from 'fastify';
import type { Producer } from 'kafkajs';
import { mentionId, SOURCE_TYPES, ValidationError, validateRawMention, type FieldIssue, type RawMention, type SourceType } from '@vigie/core';
import { produceMentions } from '../mentions.js';
import type { CollectorMetrics } from '../metrics.js';
import { checkSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature.js';

export const INGEST_BODY_LIMIT = 5 * 1024 * 1024;
export const INGEST_MAX_ITEMS = 10_000;
const REPLAY_WINDOW_MS = 5 * 60_000;

export interface IngestOptions {
  producer: Producer;
  /** The raw mentions topic (`topicNames(prefix).raw`). */
  topic: string;
  /** Accepted HMAC secrets (several during a rotation). */
  secrets: readonly string[];
  metrics?: CollectorMetrics;
  now?: () => number;
}

export type IngestItemResult =
  | { index: number; status: 'accepted'; id: string }
  | { index: number; status: 'rejected'; errors: FieldIssue[] };

export interface IngestResponse {
  accepted: number;
  rejected: number;
  items: IngestItemResult[];
}

/** An item is a raw mention without the fields the collector computes; `source` defaults to `webhook`. */
function toMention(item: unknown, collectedAt: string): RawMention {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new ValidationError([{ field: '/', message: 'must be an object' }], 'item');
  }
  const fields = item as Record<string, unknown>;
  const source = (fields.source ?? 'webhook') as SourceType;
  if (!SOURCE_TYPES.includes(source)) throw new ValidationError([{ field: '/source', message: `must be one of ${SOURCE_TYPES.join(', ')}` }], 'item');
  if (typeof fields.sourceId !== 'string' || fields.sourceId.length === 0) throw new ValidationError([{ field: '/sourceId', message: 'is required (the id of the item in its origin)' }], 'item');
  return validateRawMention({ ...fields, source, id: mentionId(source, fields.sourceId), collectedAt: fields.collectedAt ?? collectedAt });
}

/**
 * `POST /v1/ingest`: a signed batch of mentions from any tool (n8n, Zapier, Make, scrapers).
 * Headers `X-Vigie-Timestamp: <unix seconds>` and `X-Vigie-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`.
 * Body `{"items": [...]}` or a bare array, at most 5 MiB. Answers 202 once the accepted items are acknowledged by Kafka,
 * with each item's outcome; invalid items are rejected without affecting the others.
 * Not wrapped in fastify-plugin on purpose: its raw-body JSON parser stays inside this plugin's scope.
 */
export const ingestRoutes: FastifyPluginAsync<IngestOptions> = async (app, options) => {
  const now = options.now ?? Date.now;
  if (options.secrets.length === 0) throw new Error('ingestRoutes needs at least one secret (set VIGIE_INGEST_SECRET)');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: INGEST_BODY_LIMIT }, (_req, body, done) => done(null, body));

  app.post('/v1/ingest', { bodyLimit: INGEST_BODY_LIMIT }, async (request, reply) => {
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const check = checkSignature({
      secrets: options.secrets,
      timestamp: header(TIMESTAMP_HEADER),
      signature: header(SIGNATURE_HEADER),
      body,
      nowMs: now(),
      maxAgeMs: REPLAY_WINDOW_MS,
    });
    if (!check.ok) {
      options.metrics?.ingested.inc({ outcome: 'unauthorized' });
      return reply.code(401).send({ error: 'unauthorized', message: check.reason });
    }
    let data: unknown;
    try {
      data = JSON.parse(body.toString('utf8'));
    } catch (error) {
      return reply.code(400).send({ error: 'invalid_json', message: `body is not valid JSON: ${(error as Error).message}` });
    }
    const items = Array.isArray(data) ? data : (data as { items?: unknown } | null)?.items;
    if (!Array.isArray(items)) return reply.code(400).send({ error: 'invalid_body', message: 'body must be {"items": [...]} or an array of mentions' });
    if (items.length > INGEST_MAX_ITEMS) return reply.code(413).send({ error: 'too_many_items', message: `${items.length} items, over the ${INGEST_MAX_ITEMS} per request limit; split the batch` });

    const collectedAt = new Date(now()).toISOString();
    const results: IngestItemResult[] = [];
    const accepted: RawMention[] = [];
    items.forEach((item, index) => {
      try {
        const mention = toMention(item, collectedAt);
        accepted.push(mention);
        results.push({ index, status: 'accepted', id: mention.id });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        results.push({ index, status: 'rejected', errors: error.issues });
      }
    });
    try {
      await produceMentions(options.producer, options.topic, accepted);
    } catch (error) {
      request.log.error({ err: error }, 'Kafka did not acknowledge the ingested batch');
      return reply.code(503).send({ error: 'unavailable', message: 'Kafka did not acknowledge the batch; nothing was accepted, retry later' });
    }
    const response: IngestResponse = { accepted: accepted.length, rejected: items.length - accepted.length, items: results };
    options.metrics?.ingested.inc({ outcome: 'accepted' }, response.accepted);
    options.metrics?.ingested.inc({ outcome: 'rejected' }, response.rejected);
    return reply.code(202).send(response);
  });
};
