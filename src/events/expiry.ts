import { addDays, today, type Clock } from '../clock';
import { certificateStatus, statusContext, type StatusContext } from '../query';
import type { Connector } from '../connectors/types';
import type { CertificateRecord, SourceName } from '../domain';
import { GatewayError } from '../errors';
import type { Logger } from '../logger';
import type { EventBus } from './bus';
import type { Lease } from './lease';
import { LOG_LIMITS } from './log';
import { certificateIdOf, listAllCertificates } from './poller';
import type { NewCertificateEvent } from './types';

const DAY_MS = 24 * 3600_000;

/**
 * EXPIRED is announced only for certificates that expired at most this many
 * days ago. EXPIRED is a lasting state: without a bound, every certificate
 * that expired years ago would be announced on the first scan, and again
 * each time its dedupe key (the log's lifetime, 7 days) lapsed. Kept below
 * that lifetime, a key always outlives the window in which it can be
 * published, so each certificate and date is announced once.
 */
export const EXPIRED_LOOKBACK_DAYS = 6;

export interface ExpirySchedulerOptions {
  connectors: ReadonlyMap<SourceName, Connector>;
  bus: EventBus;
  clock: Clock;
  /** Time between scans (and lease renewals). */
  intervalMs: number;
  /** Its own lease: not one of the pollers'. */
  lease: Lease;
  logger: Logger;
  expiringWithinDays: number;
  /** Default EXPIRED_LOOKBACK_DAYS. */
  expiredLookbackDays?: number;
}

export interface ScanResult {
  /** Events recorded by this scan (already recorded ones are not counted). */
  expiring: number;
  expired: number;
  /** false when this process does not hold the lease. */
  scanned: boolean;
  /** Sources whose listing failed (logged and skipped). */
  failedSources: SourceName[];
}

export interface ExpiryScheduler {
  /** Scans at once, then every interval. Timers are unref'd. */
  start(): void;
  /** Clears the timers, waits for a scan in progress, releases the lease. */
  stop(): Promise<void>;
  /** One scan of every configured source, if this process holds (or can acquire) the lease. Concurrent calls share one scan. */
  scanOnce(): Promise<ScanResult>;
}

/**
 * EXPIRING and EXPIRED events, for every source, driven by the injected clock.
 *
 * A scan lists each configured source's certificates (fresh loaders; a
 * failing source is logged once per failure streak and skipped) and, for
 * each certificate with an `expiresOn`, publishes:
 * - EXPIRING when its status is EXPIRING (expires within EXPIRING_WITHIN_DAYS),
 *   key `${source}:EXPIRING:${sourceId}:${expiresOn}`;
 * - EXPIRED when its status is EXPIRED and it expired at most
 *   `expiredLookbackDays` ago, key `${source}:EXPIRED:${sourceId}:${expiresOn}`.
 * The expiry date is part of the key: a renewed or corrected certificate gets
 * new events for its new date. Revoked and pending certificates get none.
 *
 * Dedupe lifetime: the log's default (7 days), except that an EXPIRING key is
 * held until two days past the expiry date when that is longer: a
 * certificate stays EXPIRING for up to EXPIRING_WITHIN_DAYS (30) days, and
 * with a 7-day key it would be announced again every week of that window.
 *
 * Replicas: only the lease holder scans; a holder that takes over publishes
 * again only what the log has not recorded. A local memo of the keys already
 * handled avoids asking the log again on every scan.
 */
export function createExpiryScheduler(opts: ExpirySchedulerOptions): ExpiryScheduler {
  if (!(opts.intervalMs > 0)) throw new Error(`expiry scan interval must be positive, got ${opts.intervalMs}`);
  return new Scheduler(opts);
}

/** The EXPIRING or EXPIRED event of a certificate with an expiry date, with the dedupe lifetime its state needs. */
export function expiryEvent(c: CertificateRecord, type: 'EXPIRING' | 'EXPIRED', nowMs: number, occurredAt: string, lookbackDays: number): NewCertificateEvent {
  const expiresOn = c.expiresOn!;
  const needMs =
    type === 'EXPIRING'
      ? Date.parse(`${expiresOn}T00:00:00Z`) + 2 * DAY_MS - nowMs // until the state can no longer be EXPIRING, plus a day
      : (lookbackDays + 2) * DAY_MS; // the whole window in which EXPIRED can be announced
  return {
    type,
    source: c.source,
    certificateId: certificateIdOf(c),
    certificate: c,
    changes: [],
    occurredAt,
    dedupeKey: `${c.source}:${type}:${c.sourceId}:${expiresOn}`,
    ...(needMs > LOG_LIMITS.maxAgeMs ? { dedupeForMs: needMs } : {}),
  };
}

type Listing = { items: CertificateRecord[] } | { error: unknown };

class Scheduler implements ExpiryScheduler {
  private readonly lookback: number;
  /** dedupeKey -> clock ms until which the log holds it: not offered to the log again before then. */
  private readonly handled = new Map<string, number>();
  private readonly failing = new Set<SourceName>();
  private leaseErrorLogged = false;
  private inflight: Promise<ScanResult> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private running = false;

  constructor(private readonly opts: ExpirySchedulerOptions) {
    this.lookback = opts.expiredLookbackDays ?? EXPIRED_LOOKBACK_DAYS;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.ticking;
    await this.inflight?.catch(() => undefined);
    try {
      await this.opts.lease.release();
    } catch (err) {
      this.opts.logger.warn('expiry scheduler could not release its lease; it lapses on its own', { error: err instanceof Error ? err.message : String(err) });
    }
  }

  scanOnce(): Promise<ScanResult> {
    this.inflight ??= this.scan().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async acquire(): Promise<boolean> {
    try {
      const held = await this.opts.lease.tryAcquire();
      this.leaseErrorLogged = false;
      return held;
    } catch (err) {
      if (!this.leaseErrorLogged) this.opts.logger.warn('expiry scheduler cannot reach its lease; not scanning', { error: err instanceof Error ? err.message : String(err) });
      this.leaseErrorLogged = true;
      return false;
    }
  }

  private async scan(): Promise<ScanResult> {
    const { connectors, clock, expiringWithinDays, lease } = this.opts;
    const result: ScanResult = { expiring: 0, expired: 0, scanned: false, failedSources: [] };
    if (!(await this.acquire())) return result;
    result.scanned = true;
    const status = statusContext(today(clock), expiringWithinDays);
    const nowMs = clock.now().getTime();
    for (const [key, until] of this.handled) if (until <= nowMs) this.handled.delete(key);

    const configured = [...connectors.keys()];
    // Sources are listed in parallel; events are published in source order, one at a time.
    const listings = await Promise.all(
      configured.map((s): Promise<Listing> => listAllCertificates(connectors.get(s)!, status).then((items) => ({ items }), (error: unknown) => ({ error }))),
    );
    const occurredAt = clock.now().toISOString();
    for (const [i, source] of configured.entries()) {
      const listing = listings[i];
      if ('error' in listing) {
        result.failedSources.push(source);
        this.noteFailure(source, listing.error);
        continue;
      }
      if (this.failing.delete(source)) this.opts.logger.info('expiry scan reads the source again', { source });
      if (!lease.held) break; // lapsed during the scan: the new holder announces the rest
      await this.announce(listing.items, status, nowMs, occurredAt, result);
    }
    return result;
  }

  /** A failing source is logged once per failure streak (warn), then at debug, and skipped. */
  private noteFailure(source: SourceName, err: unknown): void {
    const fields = { source, code: err instanceof GatewayError ? err.code : undefined, error: err instanceof Error ? err.message : String(err) };
    if (!this.failing.has(source)) this.opts.logger.warn('expiry scan skipped a source that failed', fields);
    else this.opts.logger.debug('expiry scan skipped a source that failed again', fields);
    this.failing.add(source);
  }

  /** Publishes the EXPIRING, and recently EXPIRED, events of one source's certificates not handled yet. */
  private async announce(items: CertificateRecord[], status: StatusContext, nowMs: number, occurredAt: string, result: ScanResult): Promise<void> {
    const oldestExpired = addDays(status.today, -this.lookback);
    for (const c of items) {
      if (c.expiresOn === null) continue;
      const state = certificateStatus(c, status);
      if (state !== 'EXPIRING' && !(state === 'EXPIRED' && c.expiresOn >= oldestExpired)) continue;
      const e = expiryEvent(c, state, nowMs, occurredAt, this.lookback);
      if (this.handled.has(e.dedupeKey)) continue;
      const stored = await this.opts.bus.publish(e);
      this.handled.set(e.dedupeKey, nowMs + (e.dedupeForMs ?? LOG_LIMITS.maxAgeMs));
      if (stored && state === 'EXPIRING') result.expiring++;
      else if (stored) result.expired++;
    }
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.ticking = this.scanOnce()
        .then(
          () => undefined,
          (err: unknown) => this.opts.logger.error('expiry scan failed', { error: err instanceof Error ? err.message : String(err) }),
        )
        .finally(() => {
          this.ticking = null;
          this.schedule(this.opts.intervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }
}
