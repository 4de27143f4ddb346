import type { CertificateRecord, SourceName } from '../domain';

export type CertificateEventType = 'CREATED' | 'UPDATED' | 'DELETED' | 'EXPIRING' | 'EXPIRED';

export interface FieldChange {
  /** The gateway's field name (expiresOn, name …). */
  field: string;
  old: unknown;
  new: unknown;
}

/** What a producer (webhook, mutation, poller, expiry scheduler) publishes. */
export interface NewCertificateEvent {
  type: CertificateEventType;
  source: SourceName;
  /** Global Certificate ID. */
  certificateId: string;
  /** As the source had it when the event happened; null when only the id is known (a 4HSE UPDATE webhook). */
  certificate: CertificateRecord | null;
  changes: FieldChange[];
  /** ISO 8601. */
  occurredAt: string;
  /**
   * Producers of the same change agree on this key, so the change is
   * published once: a webhook delivered twice, or a mutation made through the
   * gateway and then 4HSE's own webhook for it.
   */
  dedupeKey: string;
  /**
   * How long the key holds (default: the log's lifetime). Updates use a few
   * minutes: long enough for 4HSE's retries and its webhook after a mutation,
   * short enough that a later, identical change is still published.
   */
  dedupeForMs?: number;
}

/** A recorded event: ordered by eventId; seq counts every event without gaps, so a subscriber can tell it missed one. */
export interface CertificateEvent extends Omit<NewCertificateEvent, 'dedupeKey' | 'dedupeForMs'> {
  eventId: string;
  seq: number;
}

/** Event ids are "<ms>-<n>" (Redis stream ids, and the same form in memory); this orders them. */
export function compareEventIds(a: string, b: string): number {
  const [am, an] = a.split('-').map(Number);
  const [bm, bn] = b.split('-').map(Number);
  return am !== bm ? am - bm : an - bn;
}

export const EVENT_ID = /^\d{1,16}-\d{1,10}$/;

/** How long an update's dedupe key holds. */
export const UPDATE_DEDUPE_MS = 10 * 60_000;
