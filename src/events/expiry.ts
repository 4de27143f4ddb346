import { addDays, today, type Clock } from '../clock';
import { certificateStatus, statusContext } from '../query';
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
  const { connectors, bus, clock, intervalMs, lease, logger, expiringWithinDays } = opts;
  if (!(intervalMs > 0)) throw new Error(`expiry scan interval must be positive, got ${intervalMs}`);
  const lookback = opts.expiredLookbackDays ?? EXPIRED_LOOKBACK_DAYS;
  /** dedupeKey -> clock ms until which the log holds it: not offered to the log again before then. */
  const handled = new Map<string, number>();
  const failing = new Set<SourceName>();
  let leaseErrorLogged = false;
  let inflight: Promise<ScanResult> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let ticking: Promise<void> | null = null;
  let running = false;

  async function acquire(): Promise<boolean> {
    try {
      const held = await lease.tryAcquire();
      leaseErrorLogged = false;
      return held;
    } catch (err) {
      if (!leaseErrorLogged) logger.warn('expiry scheduler cannot reach its lease; not scanning', { error: err instanceof Error ? err.message : String(err) });
      leaseErrorLogged = true;
      return false;
    }
  }

  function eventFor(c: CertificateRecord, type: 'EXPIRING' | 'EXPIRED', nowMs: number, occurredAt: string): NewCertificateEvent {
    const expiresOn = c.expiresOn!;
    const defaultMs = LOG_LIMITS.maxAgeMs;
    const needMs =
      type === 'EXPIRING'
        ? Date.parse(`${expiresOn}T00:00:00Z`) + 2 * DAY_MS - nowMs // until the state can no longer be EXPIRING, plus a day
        : (lookback + 2) * DAY_MS; // the whole window in which EXPIRED can be announced
    return {
      type,
      source: c.source,
      certificateId: certificateIdOf(c),
      certificate: c,
      changes: [],
      occurredAt,
      dedupeKey: `${c.source}:${type}:${c.sourceId}:${expiresOn}`,
      ...(needMs > defaultMs ? { dedupeForMs: needMs } : {}),
    };
  }

  async function scan(): Promise<ScanResult> {
    const result: ScanResult = { expiring: 0, expired: 0, scanned: false, failedSources: [] };
    if (!(await acquire())) return result;
    result.scanned = true;
    const status = statusContext(today(clock), expiringWithinDays);
    const oldestExpired = addDays(status.today, -lookback);
    const nowMs = clock.now().getTime();
    for (const [key, until] of handled) if (until <= nowMs) handled.delete(key);

    const configured = [...connectors.keys()];
    // Sources are listed in parallel; events are published in source order, one at a time.
    const listings = await Promise.all(configured.map((s) => listAllCertificates(connectors.get(s)!, status).then((items) => ({ items }), (error: unknown) => ({ error }))));
    const occurredAt = clock.now().toISOString();
    for (const [i, source] of configured.entries()) {
      const listing = listings[i];
      if ('error' in listing) {
        result.failedSources.push(source);
        const err = listing.error;
        const fields = { source, code: err instanceof GatewayError ? err.code : undefined, error: err instanceof Error ? err.message : String(err) };
        if (!failing.has(source)) logger.warn('expiry scan skipped a source that failed', fields);
        else logger.debug('expiry scan skipped a source that failed again', fields);
        failing.add(source);
        continue;
      }
      if (failing.delete(source)) logger.info('expiry scan reads the source again', { source });
      if (!lease.held) break; // lapsed during the scan: the new holder announces the rest
      for (const c of listing.items) {
        if (c.expiresOn === null) continue;
        const state = certificateStatus(c, status);
        if (state !== 'EXPIRING' && !(state === 'EXPIRED' && c.expiresOn >= oldestExpired)) continue;
        const e = eventFor(c, state, nowMs, occurredAt);
        if (handled.has(e.dedupeKey)) continue;
        const stored = await bus.publish(e);
        handled.set(e.dedupeKey, nowMs + (e.dedupeForMs ?? LOG_LIMITS.maxAgeMs));
        if (stored && state === 'EXPIRING') result.expiring++;
        else if (stored) result.expired++;
      }
    }
    return result;
  }

  function scanOnce(): Promise<ScanResult> {
    inflight ??= scan().finally(() => {
      inflight = null;
    });
    return inflight;
  }

  function schedule(delayMs: number): void {
    if (!running) return;
    timer = setTimeout(() => {
      timer = null;
      ticking = scanOnce()
        .then(
          () => undefined,
          (err: unknown) => logger.error('expiry scan failed', { error: err instanceof Error ? err.message : String(err) }),
        )
        .finally(() => {
          ticking = null;
          schedule(intervalMs);
        });
    }, delayMs);
    timer.unref();
  }

  return {
    start() {
      if (running) return;
      running = true;
      schedule(0);
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await ticking;
      await inflight?.catch(() => undefined);
      try {
        await lease.release();
      } catch (err) {
        logger.warn('expiry scheduler could not release its lease; it lapses on its own', { error: err instanceof Error ? err.message : String(err) });
      }
    },
    scanOnce,
  };
}
