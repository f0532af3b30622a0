import Bottleneck from 'bottleneck';
import pRetry, { AbortError } from 'p-retry';
import { setTimeout as sleep } from 'node:timers/promises';

export interface HttpPolicy {
  /** Per-request timeout, body included. */
  timeoutMs: number;
  /** Retries after the first attempt on 5xx, 429, network errors, timeouts and unreadable bodies. */
  retries: number;
  minBackoffMs: number;
  maxBackoffMs: number;
  /** Longest Retry-After / rate-limit reset the client will wait for; longer ones fail the request. */
  maxWaitMs: number;
  /** Requests per minute for this source. */
  ratePerMinute: number;
  userAgent: string;
}

export const DEFAULT_HTTP_POLICY: HttpPolicy = {
  timeoutMs: 15_000,
  retries: 4,
  minBackoffMs: 1_000,
  maxBackoffMs: 30_000,
  maxWaitMs: 15 * 60_000,
  ratePerMinute: 60,
  userAgent: 'Vigie/0.1 (+social listening; collector)',
};

export interface HttpEvents {
  onResponse?(status: number): void;
  onRetry?(reason: string, attempt: number): void;
}

export interface HttpRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Statuses returned as-is instead of treated as errors (e.g. 304 for conditional GET). */
  accept?: number[];
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  url: string;
}

/** An HTTP answer the client gave up on; `status` is absent for network errors and timeouts. */
export class HttpError extends Error {
  constructor(
    message: string,
    readonly url: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

/** Milliseconds to wait from a Retry-After header: delta-seconds or an HTTP date. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Milliseconds until a rate-limit window resets when the source says none are left.
 * Understands `x-rate-limit-*` (X: epoch seconds), `x-ratelimit-*` (Reddit: seconds; Mastodon: ISO date).
 */
export function rateLimitWaitMs(headers: Headers, now = Date.now()): number | undefined {
  const remaining = headers.get('x-rate-limit-remaining') ?? headers.get('x-ratelimit-remaining');
  const reset = headers.get('x-rate-limit-reset') ?? headers.get('x-ratelimit-reset');
  if (remaining === null || reset === null || Number(remaining) >= 1) return undefined;
  const numeric = Number(reset);
  if (Number.isFinite(numeric)) return Math.max(0, numeric > 1e9 ? numeric * 1000 - now : numeric * 1000);
  const date = Date.parse(reset);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The polite HTTP layer every connector uses: a per-source rate limiter (bottleneck), a timeout on every
 * request, Retry-After and rate-limit headers obeyed, exponential backoff with jitter (p-retry) on 5xx,
 * network errors, timeouts and truncated or malformed bodies.
 */
export class HttpClient {
  private readonly limiter: Bottleneck;
  private pauseUntil = 0;

  constructor(
    readonly policy: HttpPolicy,
    private readonly events: HttpEvents = {},
    private readonly signal?: AbortSignal,
  ) {
    this.limiter = new Bottleneck({ maxConcurrent: 1, minTime: Math.ceil(60_000 / policy.ratePerMinute) });
  }

  /** GET/POST with retries; resolves with any 2xx (or `accept`ed) response, body fully read. */
  request(url: string, init: HttpRequest = {}): Promise<HttpResponse> {
    return this.withRetries(url, () => this.attempt(url, init));
  }

  /** Like `request`, then JSON-parse the body; a malformed body is retried like a network error. */
  json<T>(url: string, init: HttpRequest = {}): Promise<T> {
    return this.withRetries(url, async () => {
      const response = await this.attempt(url, { ...init, headers: { accept: 'application/json', ...init.headers } });
      try {
        return JSON.parse(response.body.toString('utf8')) as T;
      } catch (error) {
        throw new HttpError(`malformed JSON body from ${url} (${(error as Error).message})`, url, response.status);
      }
    });
  }

  private withRetries<T>(url: string, fn: () => Promise<T>): Promise<T> {
    const { retries, minBackoffMs, maxBackoffMs } = this.policy;
    return pRetry(fn, {
      retries,
      factor: 2,
      minTimeout: minBackoffMs,
      maxTimeout: maxBackoffMs,
      randomize: true,
      signal: this.signal,
      onFailedAttempt: ({ error, attemptNumber }) => {
        this.events.onRetry?.(error.message, attemptNumber);
      },
    }).catch((error: unknown) => {
      if (error instanceof HttpError) throw error;
      throw new HttpError(`request to ${url} failed: ${(error as Error).message}`, url);
    });
  }

  private async attempt(url: string, init: HttpRequest): Promise<HttpResponse> {
    const wait = this.pauseUntil - Date.now();
    if (wait > 0) await sleep(wait, undefined, { signal: this.signal });
    const signals = [AbortSignal.timeout(this.policy.timeoutMs), ...(this.signal ? [this.signal] : [])];
    let response: Response;
    let body: Buffer;
    try {
      ({ response, body } = await this.limiter.schedule(async () => {
        const res = await fetch(url, {
          method: init.method ?? 'GET',
          headers: { 'user-agent': this.policy.userAgent, ...init.headers },
          body: init.body,
          signal: AbortSignal.any(signals),
          redirect: 'follow',
        });
        return { response: res, body: Buffer.from(await res.arrayBuffer()) };
      }));
    } catch (error) {
      if (this.signal?.aborted) throw new AbortError('collector stopping');
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      const reason = (error as Error).name === 'TimeoutError' ? `timed out after ${this.policy.timeoutMs} ms` : `${(error as Error).message}${cause ? ` (${cause})` : ''}`;
      throw new HttpError(`${init.method ?? 'GET'} ${url}: ${reason}`, url);
    }
    this.events.onResponse?.(response.status);
    this.notePause(rateLimitWaitMs(response.headers));
    if ((response.status >= 200 && response.status < 300) || init.accept?.includes(response.status)) {
      return { status: response.status, headers: response.headers, body, url: response.url || url };
    }
    const snippet = body.toString('utf8', 0, 200).replace(/\s+/g, ' ');
    const error = new HttpError(`${init.method ?? 'GET'} ${url} answered ${response.status}: ${snippet}`, url, response.status);
    if (!RETRYABLE.has(response.status)) throw new AbortError(error);
    const retryAfter = retryAfterMs(response.headers.get('retry-after'));
    if (retryAfter !== undefined && retryAfter > this.policy.maxWaitMs) {
      throw new AbortError(new HttpError(`${url} asks to wait ${Math.round(retryAfter / 1000)} s, over the ${this.policy.maxWaitMs / 1000} s limit; the next scheduled run retries`, url, response.status));
    }
    this.notePause(retryAfter);
    throw error;
  }

  /** Hold every later request of this source until the given delay has passed (capped at maxWaitMs). */
  private notePause(ms: number | undefined): void {
    if (ms === undefined) return;
    this.pauseUntil = Math.max(this.pauseUntil, Date.now() + Math.min(ms, this.policy.maxWaitMs));
  }
}
