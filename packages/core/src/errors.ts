/** Base class: every Vigie error carries a stable code and says what to do. */
export class VigieError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export interface FieldIssue {
  /** JSON pointer-like path of the offending field, e.g. `/author/followers`. */
  field: string;
  message: string;
}

/** Input that does not satisfy a schema; `issues` name each field. */
export class ValidationError extends VigieError {
  constructor(
    readonly issues: FieldIssue[],
    /** what was invalid: `mention`, `brand`, a file's path */
    readonly what = 'input',
  ) {
    super('invalid_input', `invalid ${what}: ${issues.map((i) => `${i.field || '/'} ${i.message}`).join('; ')}`);
  }
}

export class NotFoundError extends VigieError {
  constructor(what: string) {
    super('not_found', `${what} not found`);
  }
}

export class ConflictError extends VigieError {
  constructor(message: string) {
    super('conflict', message);
  }
}

/** An engine (Kafka, Elasticsearch) did not answer in time. */
export class EngineUnavailableError extends VigieError {
  constructor(engine: string, url: string, hint: string, options?: { cause?: unknown }) {
    super('engine_unavailable', `${engine} at ${url} is not reachable: ${hint}`, options);
  }
}
