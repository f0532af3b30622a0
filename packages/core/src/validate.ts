import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Static, TSchema } from 'typebox';
import { ValidationError, type FieldIssue } from './errors.js';
import { EnrichedMentionSchema, MAX_TEXT_BYTES, RawMentionSchema, type EnrichedMention, type RawMention } from './mention.js';

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);

function describe(error: ErrorObject): FieldIssue {
  const field = error.keyword === 'required' ? `${error.instancePath}/${String(error.params.missingProperty)}`
    : error.keyword === 'additionalProperties' ? `${error.instancePath}/${String(error.params.additionalProperty)}`
    : error.instancePath;
  const message = error.keyword === 'additionalProperties' ? 'is not an allowed field'
    : error.keyword === 'required' ? 'is required'
    : (error.message ?? 'is invalid');
  return { field: field || '/', message };
}

/** A reusable validator that returns the typed value or throws a ValidationError naming each bad field. */
export function compileValidator<T extends TSchema>(schema: T, what: string): (value: unknown) => Static<T> {
  const check: ValidateFunction = ajv.compile(schema);
  return (value) => {
    if (check(value)) return value as Static<T>;
    throw new ValidationError((check.errors ?? []).map(describe), what);
  };
}

const checkRaw = compileValidator(RawMentionSchema, 'mention');
const checkEnriched = compileValidator(EnrichedMentionSchema, 'enriched mention');

function checkTextSize(mention: { text: string }): void {
  const bytes = Buffer.byteLength(mention.text, 'utf8');
  if (bytes > MAX_TEXT_BYTES) {
    throw new ValidationError([{ field: '/text', message: `is ${bytes} bytes, over the ${MAX_TEXT_BYTES}-byte limit` }], 'mention');
  }
}

export function validateRawMention(value: unknown): RawMention {
  const mention = checkRaw(value);
  checkTextSize(mention);
  return mention;
}

export function validateEnrichedMention(value: unknown): EnrichedMention {
  const mention = checkEnriched(value);
  checkTextSize(mention);
  return mention;
}

/** Largest Kafka payload a stage accepts: the text limit plus room for the other fields. */
export const MAX_MESSAGE_BYTES = MAX_TEXT_BYTES + 64 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decode a message payload: size, UTF-8 and JSON checks, each failure a ValidationError that says which. */
export function decodeJson(bytes: Uint8Array | null | undefined, what = 'message'): unknown {
  if (!bytes || bytes.length === 0) throw new ValidationError([{ field: '/', message: 'is empty' }], what);
  if (bytes.length > MAX_MESSAGE_BYTES) {
    throw new ValidationError([{ field: '/', message: `is ${bytes.length} bytes, over the ${MAX_MESSAGE_BYTES}-byte limit` }], what);
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new ValidationError([{ field: '/', message: 'is not valid UTF-8' }], what);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ValidationError([{ field: '/', message: `is not valid JSON (${(error as Error).message})` }], what);
  }
}
