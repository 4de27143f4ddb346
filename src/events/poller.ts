import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import { today, type Clock } from '../clock';
import { canonicalJson } from '../canonical';
import { DEFAULT_ORDER, statusContext, type StatusContext } from '../query';
import type { Connector } from '../connectors/types';
import type { CertificateRecord, SourceName } from '../domain';
import { GatewayError, upstreamUnavailable } from '../errors';
import { encodeId } from '../ids';
import type { Logger } from '../logger';
import type { EventBus } from './bus';
import { diffRecords, UPDATE_KEY_FIELDS, updateKey } from './changes';
import type { Lease } from './lease';
import { LOG_LIMITS } from './log';
import { UPDATE_DEDUPE_MS, type FieldChange, type NewCertificateEvent } from './types';

/** Back-off never waits longer than this many intervals (unless the upstream's Retry-After asks for more). */
export const MAX_BACKOFF_INTERVALS = 10;

/** Certificates asked for beyond the count a head request reported, so one that appears in between is not cut off. */
const LIST_SLACK = 100;

/**
 * Every certificate a source has now, through fresh per-request loaders
 * (never a cache shared with earlier polls). A head request (limit 0) learns
 * the total first, then one window of that size is read: for 4HSE a huge
 * `limit` would plan hundreds of pages past the end; for the other sources
 * the head already fetched the whole list and the window is served from the
 * same loader's cache, so it costs nothing more.
 */
export async function listAllCertificates(connector: Connector, status: StatusContext): Promise<CertificateRecord[]> {
  const loaders = connector.createLoaders(status);
  const base = { criteria: {}, order: DEFAULT_ORDER, offset: 0 };
  let { total } = await loaders.listCertificates({ ...base, limit: 0 });
  for (let attempt = 0; attempt < 3; attempt++) {
    const window = await loaders.listCertificates({ ...base, limit: total + LIST_SLACK });
    if (window.items.length >= window.total) return window.items;
    total = window.total; // grew by more than the slack between the two reads: read again
  }
  // Never a partial set: a poller would take the missing certificates for deletions.
  throw upstreamUnavailable(connector.source, 'its certificate list kept growing while it was read; trying again later');
}

/** The global ID a certificate is known by in a snapshot and in events. */
export const certificateIdOf = (c: CertificateRecord): string => encodeId('Certificate', c.source, c.key);

const KNOWN_UPDATE_FIELDS = new Set(UPDATE_KEY_FIELDS);

/**
 * The dedupe key of a polled update. It is `updateKey` (the key the mutation
 * path and 4HSE's webhooks use) when every change is a field `updateKey`
 * hashes; a change in another field (url, pending, revoked) adds a digest of
 * those new values, so two different such changes never share a key (with
 * `updateKey` alone, every url-only change would hash the same `{}`).
 * Replicas polling the same before/after states compute the same key.
 */
export function pollUpdateKey(source: SourceName, sourceId: string, changes: FieldChange[]): string {
  const base = updateKey(source, sourceId, changes);
  const other = changes.filter((c) => !KNOWN_UPDATE_FIELDS.has(c.field));
  if (other.length === 0) return base;
  const digest = createHash('sha256')
    .update(canonicalJson(Object.fromEntries(other.map((c) => [c.field, c.new]))))
    .digest('base64url')
    .slice(0, 16);
  return `${base}:${digest}`;
}

export interface PollerOptions {
  connector: Connector;
  bus: EventBus;
  clock: Clock;
  /** Time between polls (POLL_INTERVAL_S), and between lease renewals. */
  intervalMs: number;
  lease: Lease;
  logger: Logger;
  expiringWithinDays: number;
  /**
   * When given, the snapshot is also kept in Redis (at `snapshotKey`), so a
   * replica that takes the lease over continues from the last holder's
   * snapshot instead of starting from a baseline.
   */
  redis?: Redis | null;
  /** Default `certgw:poller:<SOURCE>:snapshot`; give it the deployment's key prefix. */
  snapshotKey?: string;
}

export interface PollResult {
  /** Events recorded by this poll (a change another replica already recorded is a duplicate, not counted here). */
  created: number;
  updated: number;
  deleted: number;
  /** Changes found whose event was already recorded (by another replica, or a write through the gateway). */
  duplicates: number;
  /** false when this process does not hold the lease (nothing was asked of the upstream), or lost it during the poll. */
  polled: boolean;
  /** true when there was no snapshot to compare with: this poll only recorded one. */
  baseline: boolean;
}

export interface Poller {
  readonly source: SourceName;
  /** Starts polling: the first tick runs at once (with no snapshot, it records the baseline). Timers are unref'd. */
  start(): void;
  /** Clears the timers, waits for a poll in progress, and releases the lease. */
  stop(): Promise<void>;
  /**
   * One tick: acquires or renews the lease and, when held, polls the source
   * and publishes what changed since the previous snapshot. Rejects with the
   * upstream's error when the poll fails (after recording it for back-off).
   * Concurrent calls share the poll in progress.
   */
  pollOnce(): Promise<PollResult>;
  /** The delay the poller computed before its next poll: the interval, or the back-off after failures. */
  nextDelayMs(): number;
  /** Consecutive failed polls (0 after a success). */
  readonly failures: number;
  /** When this process last polled the source successfully (unix seconds, by the injected clock); null before that. */
  readonly lastPolledAt: number | null;
}

interface StoredSnapshot {
  v: 1;
  savedAt: string;
  items: [string, CertificateRecord][];
}

/**
 * Change detection for a source without webhooks (SPRINGEST, ENSINIO,
 * FALKOR): every poll reads the source's whole current set and compares it,
 * by global certificate ID, with the previous snapshot, publishing CREATED,
 * UPDATED (with the changed fields) and DELETED (with the last known
 * certificate) through the bus.
 *
 * Several replicas: only the lease holder polls. Dedupe keys are derived from
 * the change alone (CREATED/DELETED `${source}:${type}:${sourceId}`, the very
 * keys a write through the gateway uses; UPDATED `pollUpdateKey`), so a
 * change found by two replicas, or again by a replica that just took the lease
 * over, or made through the gateway's own mutation, is recorded once.
 *
 * Snapshot: in memory, and in Redis too when `redis` is given.
 * - With Redis, a new holder (or a restarted one) continues from the last
 *   saved snapshot, so changes made during a hand-over gap, deletions
 *   included, are reported by its first poll. The snapshot is saved after the
 *   poll's events are recorded: a holder that dies in between leaves the old
 *   snapshot, and its successor finds the same changes again, which the
 *   dedupe keys drop. The snapshot lives as long as the event log (7 days).
 * - Without Redis, the first poll after start, and the first after this
 *   process regains a lease it had lost, only records a baseline: changes made
 *   in that gap are reported later only if still visible as a difference
 *   from the baseline (i.e. not at all for what happened before it), and
 *   deletions in the gap are missed.
 * A poll whose lease lapsed while it ran publishes nothing and saves nothing.
 *
 * Springest and `created_from`: its API filters certificates by
 * `created_from`, which would make a cheaper poll for creations, but
 * cannot see updates or deletions (an older certificate that changed or
 * disappeared is outside the narrow answer), so a full comparison is needed
 * anyway. The Springest connector does not push `created_from` (its
 * pushdown sends only email and certification_id, and no criterion maps to
 * it), so every poll here, Springest's included, is a full comparison, once
 * per interval: one request to Springest per poll.
 *
 * Back-off: after a failed poll the next one waits interval × 2^failures,
 * at most MAX_BACKOFF_INTERVALS × interval; a RATE_LIMITED answer waits at
 * least its `retryAfter`. The failure streak is logged once (warn) and its end
 * once (info). While backing off, the lease is still renewed every interval,
 * so a failing upstream does not make the replicas trade the lease.
 */
export function createPoller(opts: PollerOptions): Poller {
  if (!(opts.intervalMs > 0)) throw new Error(`poll interval must be positive, got ${opts.intervalMs}`);
  return new SourcePoller(opts);
}

const emptyResult = (over: Partial<PollResult> = {}): PollResult => ({ created: 0, updated: 0, deleted: 0, duplicates: 0, polled: false, baseline: false, ...over });

/** The events that take `before` to `current` (both by global certificate ID). */
export function changesBetween(source: SourceName, before: ReadonlyMap<string, CertificateRecord>, current: ReadonlyMap<string, CertificateRecord>, occurredAt: string): NewCertificateEvent[] {
  const events: NewCertificateEvent[] = [];
  for (const [id, c] of current) {
    const prev = before.get(id);
    if (!prev) {
      events.push({ type: 'CREATED', source, certificateId: id, certificate: c, changes: [], occurredAt, dedupeKey: `${source}:CREATED:${c.sourceId}` });
      continue;
    }
    const changes = diffRecords(prev, c);
    if (changes.length > 0) {
      const dedupeKey = pollUpdateKey(source, c.sourceId, changes);
      events.push({ type: 'UPDATED', source, certificateId: id, certificate: c, changes, occurredAt, dedupeKey, dedupeForMs: UPDATE_DEDUPE_MS });
    }
  }
  for (const [id, prev] of before) {
    if (!current.has(id)) {
      events.push({ type: 'DELETED', source, certificateId: id, certificate: prev, changes: [], occurredAt, dedupeKey: `${source}:DELETED:${prev.sourceId}` });
    }
  }
  return events;
}

/** The snapshot kept in Redis between polls (and across a lease hand-over). */
class SnapshotStore {
  constructor(
    private readonly redis: Redis | null,
    private readonly key: string,
    private readonly clock: Clock,
    private readonly warn: (msg: string, fields: Record<string, unknown>) => void,
  ) {}

  async load(): Promise<Map<string, CertificateRecord> | null> {
    if (!this.redis) return null;
    const raw = await this.redis.get(this.key);
    if (!raw) return null;
    try {
      const stored = JSON.parse(raw) as StoredSnapshot;
      if (stored.v !== 1 || !Array.isArray(stored.items)) throw new Error('unknown snapshot format');
      return new Map(stored.items);
    } catch (err) {
      this.warn('poller snapshot unreadable; starting from a baseline', { error: err instanceof Error ? err.message : String(err) });
      return null;
    }
  }

  async save(current: Map<string, CertificateRecord>): Promise<void> {
    if (!this.redis) return;
    const stored: StoredSnapshot = { v: 1, savedAt: this.clock.now().toISOString(), items: [...current] };
    await this.redis.set(this.key, JSON.stringify(stored), 'PX', LOG_LIMITS.maxAgeMs);
  }
}

/** See createPoller. State: the snapshot, the lease as last seen, the failure streak and the timers. */
class SourcePoller implements Poller {
  readonly source: SourceName;
  private readonly store: SnapshotStore;
  private snapshot: Map<string, CertificateRecord> | null = null;
  /** Whether the previous tick held the lease: a holder that lost it in between must not trust its in-memory snapshot. */
  private heldBefore = false;
  private streak = 0;
  private nextDelay: number;
  private leaseErrorLogged = false;
  private inflight: Promise<PollResult> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private running = false;
  /** performance.now() at which the next poll is due. */
  private dueAt = 0;
  lastPolledAt: number | null = null;

  constructor(private readonly opts: PollerOptions) {
    this.source = opts.connector.source;
    this.nextDelay = opts.intervalMs;
    const key = opts.snapshotKey ?? `certgw:poller:${this.source}:snapshot`;
    this.store = new SnapshotStore(opts.redis ?? null, key, opts.clock, (msg, fields) => opts.logger.warn(msg, { source: this.source, ...fields }));
  }

  get failures(): number {
    return this.streak;
  }

  nextDelayMs(): number {
    return this.nextDelay;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.dueAt = 0;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.ticking?.catch(() => undefined);
    await this.inflight?.catch(() => undefined);
    this.heldBefore = false;
    try {
      await this.opts.lease.release();
    } catch (err) {
      this.opts.logger.warn('poller could not release its lease; it lapses on its own', { source: this.source, error: err instanceof Error ? err.message : String(err) });
    }
  }

  pollOnce(): Promise<PollResult> {
    this.inflight ??= this.poll().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async acquire(): Promise<boolean> {
    const { lease, logger } = this.opts;
    try {
      const held = await lease.tryAcquire();
      if (this.leaseErrorLogged) logger.info('poller lease reachable again', { source: this.source });
      this.leaseErrorLogged = false;
      return held;
    } catch (err) {
      if (!this.leaseErrorLogged) logger.warn('poller cannot reach its lease; not polling', { source: this.source, error: err instanceof Error ? err.message : String(err) });
      this.leaseErrorLogged = true;
      return false;
    }
  }

  /** Records a failed poll: the next waits interval × 2^failures (capped), at least the upstream's Retry-After. */
  private onFailure(err: unknown): void {
    const { intervalMs, logger } = this.opts;
    this.streak++;
    let delay = Math.min(intervalMs * 2 ** this.streak, MAX_BACKOFF_INTERVALS * intervalMs);
    const retryAfter = err instanceof GatewayError && err.code === 'RATE_LIMITED' ? Number(err.extensions.retryAfter) : NaN;
    if (Number.isFinite(retryAfter) && retryAfter > 0) delay = Math.max(delay, retryAfter * 1000);
    this.nextDelay = delay;
    const fields = { source: this.source, code: err instanceof GatewayError ? err.code : undefined, error: err instanceof Error ? err.message : String(err), failures: this.streak, nextPollInMs: delay };
    if (this.streak === 1) logger.warn('poll failed; backing off until it succeeds', fields);
    else logger.debug('poll failed again', fields);
  }

  private onSuccess(): void {
    if (this.streak > 0) this.opts.logger.info('poll succeeded again', { source: this.source, afterFailures: this.streak });
    this.streak = 0;
    this.nextDelay = this.opts.intervalMs;
  }

  /** Runs `step`; a failure counts for back-off and rejects the poll. */
  private async counted<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (err) {
      this.onFailure(err);
      throw err;
    }
  }

  private async poll(): Promise<PollResult> {
    const { connector, clock, expiringWithinDays, lease } = this.opts;
    if (!(await this.acquire())) {
      this.heldBefore = false;
      this.streak = 0; // a streak belongs to a holder; another replica polls now
      this.nextDelay = this.opts.intervalMs;
      return emptyResult();
    }
    if (!this.heldBefore) this.snapshot = null; // (re)acquired: another replica may have moved on since our snapshot
    this.heldBefore = true;
    const [before, items] = await this.counted(async () => [this.snapshot ?? (await this.store.load()), await listAllCertificates(connector, statusContext(today(clock), expiringWithinDays))] as const);
    if (!lease.held) {
      // The poll outlived the lease; whoever holds it now reports these changes.
      this.heldBefore = false;
      this.onSuccess();
      return emptyResult();
    }
    const current = new Map(items.map((c) => [certificateIdOf(c), c]));
    const result = before ? await this.counted(() => this.publish(before, current)) : await this.counted(() => this.baseline(current));
    this.lastPolledAt = this.opts.clock.now().getTime() / 1000;
    this.onSuccess();
    return result;
  }

  private async baseline(current: Map<string, CertificateRecord>): Promise<PollResult> {
    this.snapshot = current;
    await this.store.save(current);
    this.opts.logger.debug('poll baseline recorded', { source: this.source, certificates: current.size });
    return emptyResult({ polled: true, baseline: true });
  }

  /** Records the changes in order, one at a time (the log's order is the order changes were found), then advances the snapshot. */
  private async publish(before: Map<string, CertificateRecord>, current: Map<string, CertificateRecord>): Promise<PollResult> {
    const events = changesBetween(this.source, before, current, this.opts.clock.now().toISOString());
    const result = emptyResult({ polled: true });
    for (const e of events) {
      const stored = await this.opts.bus.publish(e);
      if (!stored) result.duplicates++;
      else if (e.type === 'CREATED') result.created++;
      else if (e.type === 'UPDATED') result.updated++;
      else result.deleted++;
    }
    // Advance only once everything is recorded: a failed publish is retried by the next poll (and deduplicated).
    this.snapshot = current;
    if (this.opts.lease.held) await this.store.save(current);
    if (events.length > 0) this.opts.logger.debug('poll found changes', { source: this.source, ...result });
    return result;
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.ticking = this.tick().finally(() => {
        this.ticking = null;
      });
    }, Math.max(0, delayMs));
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (!this.running) return;
    if (performance.now() >= this.dueAt) {
      try {
        await this.pollOnce();
      } catch {
        // Logged and turned into a back-off by the poll itself.
      }
      this.dueAt = performance.now() + this.nextDelay;
    } else {
      // Backing off: keep the lease renewed (losing it resets the back-off to another replica).
      await this.acquire();
    }
    this.schedule(Math.min(this.opts.intervalMs, this.dueAt - performance.now()));
  }
}
