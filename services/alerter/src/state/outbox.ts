import type { Client } from '@elastic/elasticsearch';
import type { IndexNames, Logger } from '@vigie/core';
import type { ChannelSender } from '../channels/send.js';
import { DeliveryError } from '../channels/errors.js';
import type { DeliveryDocument } from '../messages.js';

export interface RetryPolicy {
  /** Delay before attempt n+1 after n failures; the last one repeats. */
  delaysMs: number[];
  /** A delivery still failing this long after it was enqueued is given up (outcome `failed`). */
  maxAgeMs: number;
  /** How long a `sending` claim protects a delivery from other senders. */
  claimMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  delaysMs: [10_000, 30_000, 60_000, 120_000, 300_000],
  maxAgeMs: 24 * 3_600_000,
  claimMs: 60_000,
};

export interface OutboxEvents {
  onOutcome?: (delivery: DeliveryDocument) => void;
}

/**
 * The durable outbox: deliveries are documents in the alerts index; each is claimed with optimistic
 * concurrency, sent, then recorded as sent, failed (permanent error or too old) or pending again with backoff.
 */
export class Outbox {
  constructor(
    private readonly es: Client,
    private readonly names: IndexNames,
    private readonly sender: ChannelSender,
    private readonly now: () => Date,
    private readonly retry: RetryPolicy,
    private readonly log: Logger,
    private readonly events: OutboxEvents = {},
  ) {}

  /** Send every delivery that is due; returns how many were attempted. */
  async processDue(limit = 50): Promise<number> {
    const now = this.now();
    const due = await this.es.search<DeliveryDocument>({
      index: this.names.alerts,
      size: limit,
      seq_no_primary_term: true,
      query: {
        bool: {
          filter: [{ term: { kind: 'delivery' } }, { terms: { outcome: ['pending', 'sending'] } }, { range: { nextAttemptAt: { lte: now.toISOString() } } }],
        },
      },
      sort: [{ nextAttemptAt: 'asc' }],
    });
    let attempted = 0;
    await Promise.all(
      due.hits.hits.map(async (hit) => {
        if (hit._seq_no === undefined || hit._primary_term === undefined || !hit._source) return;
        if (await this.attempt(hit._id as string, hit._source, hit._seq_no, hit._primary_term)) attempted++;
      }),
    );
    return attempted;
  }

  private async attempt(id: string, delivery: DeliveryDocument, seqNo: number, primaryTerm: number): Promise<boolean> {
    const claimedAt = this.now();
    const claimed: DeliveryDocument = {
      ...delivery,
      outcome: 'sending',
      attempts: delivery.attempts + 1,
      claimedUntil: new Date(claimedAt.getTime() + this.retry.claimMs).toISOString(),
      nextAttemptAt: new Date(claimedAt.getTime() + this.retry.claimMs).toISOString(),
      updatedAt: claimedAt.toISOString(),
    };
    let claim;
    try {
      claim = await this.es.index({ index: this.names.alerts, id, document: claimed, if_seq_no: seqNo, if_primary_term: primaryTerm });
    } catch (error) {
      if ((error as { meta?: { statusCode?: number } }).meta?.statusCode === 409) return false; // another sender has it
      throw error;
    }
    let final: DeliveryDocument;
    try {
      const response = await this.sender.send(delivery.target, delivery.message);
      const at = this.now().toISOString();
      final = { ...claimed, outcome: 'sent', sentAt: at, lastError: undefined, attemptLog: [...claimed.attemptLog, { at }], updatedAt: at };
      this.log.info({ delivery: id, channel: delivery.channel, notice: delivery.notice, attempts: claimed.attempts, response: response.slice(0, 200) }, 'alert delivered');
    } catch (error) {
      final = this.failure(claimed, error);
      this.log.warn({ delivery: id, channel: delivery.channel, attempts: claimed.attempts, outcome: final.outcome, nextAttemptAt: final.nextAttemptAt, err: (error as Error).message }, 'alert delivery failed');
    }
    await this.es.index({ index: this.names.alerts, id, document: final, if_seq_no: claim._seq_no, if_primary_term: claim._primary_term, refresh: 'wait_for' });
    this.events.onOutcome?.(final);
    return true;
  }

  private failure(claimed: DeliveryDocument, error: unknown): DeliveryDocument {
    const now = this.now();
    const message = (error as Error).message;
    const permanent = error instanceof DeliveryError && error.permanent;
    const tooOld = now.getTime() - Date.parse(claimed['@timestamp']) >= this.retry.maxAgeMs;
    const delay = this.retry.delaysMs[Math.min(claimed.attempts - 1, this.retry.delaysMs.length - 1)] ?? 60_000;
    const base = { ...claimed, lastError: message, claimedUntil: undefined, attemptLog: [...claimed.attemptLog, { at: now.toISOString(), error: message }], updatedAt: now.toISOString() };
    if (permanent || tooOld) return { ...base, outcome: 'failed', lastError: tooOld && !permanent ? `gave up after ${claimed.attempts} attempts: ${message}` : message };
    return { ...base, outcome: 'pending', nextAttemptAt: new Date(now.getTime() + delay).toISOString() };
  }
}
