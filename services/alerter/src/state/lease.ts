import type { Client } from '@elastic/elasticsearch';
import type { IndexNames, Logger } from '@vigie/core';

interface LeaseDocument {
  kind: 'lease';
  holder: string;
  expiresAt: string;
  '@timestamp': string;
}

/**
 * Leader lease in the alerts index: created with `op_type: create`, renewed and taken over with
 * `if_seq_no`/`if_primary_term`, so of several alerter instances exactly one evaluates at a time.
 */
export class Lease {
  private readonly id: string;
  private held = false;

  constructor(
    private readonly es: Client,
    private readonly names: IndexNames,
    private readonly holder: string,
    private readonly ttlMs: number,
    private readonly now: () => Date,
    private readonly log: Logger,
    name = 'alerter',
  ) {
    this.id = `lease.${name}`;
  }

  get isHeld(): boolean {
    return this.held;
  }

  /** Acquire or renew; returns whether this instance holds the lease now. */
  async acquire(): Promise<boolean> {
    const now = this.now();
    const doc: LeaseDocument = { kind: 'lease', holder: this.holder, expiresAt: new Date(now.getTime() + this.ttlMs).toISOString(), '@timestamp': now.toISOString() };
    try {
      const current = await this.es.get<LeaseDocument>({ index: this.names.alerts, id: this.id }, { ignore: [404] });
      if (!current.found || !current._source) {
        await this.es.index({ index: this.names.alerts, id: this.id, op_type: 'create', document: doc });
      } else if (current._source.holder === this.holder || Date.parse(current._source.expiresAt) <= now.getTime()) {
        await this.es.index({ index: this.names.alerts, id: this.id, document: doc, if_seq_no: current._seq_no, if_primary_term: current._primary_term });
      } else {
        return this.update(false);
      }
      return this.update(true);
    } catch (error) {
      if ((error as { meta?: { statusCode?: number } }).meta?.statusCode === 409) return this.update(false);
      throw error;
    }
  }

  /** Give the lease up (on stop) so another instance takes over without waiting for the expiry. */
  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    const current = await this.es.get<LeaseDocument>({ index: this.names.alerts, id: this.id }, { ignore: [404] });
    if (!current.found || current._source?.holder !== this.holder) return;
    const released = { ...current._source, expiresAt: new Date(0).toISOString() };
    await this.es.index(
      { index: this.names.alerts, id: this.id, document: released, if_seq_no: current._seq_no, if_primary_term: current._primary_term },
      { ignore: [409] },
    );
  }

  private update(held: boolean): boolean {
    if (held !== this.held) this.log.info({ holder: this.holder, held }, held ? 'alerter lease acquired: this instance evaluates rules' : 'alerter lease held by another instance: standing by');
    this.held = held;
    return held;
  }
}
