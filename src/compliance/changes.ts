/**
 * Compliance changes (issue 12, item 4): a person's status for a requirement
 * moving, because a certificate was created, updated, revoked or deleted in
 * any source, or because the clock moved it into EXPIRING or EXPIRED.
 *
 * One tracker per replica, started by the first complianceChanges
 * subscription. It loads one whole certificate list per source once (the
 * baseline), then follows the certificate event bus: each event is applied
 * to the tracker's copy of the certificates (the event carries the
 * certificate; a 4HSE UPDATE webhook without it costs one read of that
 * certificate), only the people who own the certificate before and after are
 * re-evaluated, and their rows are compared with the last known statuses.
 * When the clock's day has changed since the last evaluation, every row is
 * re-evaluated first (no upstream call: the tracker's copy is current), and
 * what moved is a TIME change. No upstream call per event per person.
 *
 * Every change carries the id of the certificate event it follows from, so a
 * client resumes with `after` as it does with certificateEvents; the changes
 * of one event arrive together. The tracker keeps the last RING_SIZE events
 * that changed something; `after` must be an event it has followed.
 */
import { FixedBuffer, Repeater, RepeaterOverflowError } from '@repeaterjs/repeater';
import { today as todayOf, type Clock } from '../clock';
import type { Connector } from '../connectors/types';
import type { CertificateRecord, SourceName } from '../domain';
import { badInput, GatewayError, upstreamUnavailable } from '../errors';
import type { EventBus } from '../events/bus';
import { certificateIdOf } from '../events/poller';
import { compareEventIds, type CertificateEvent, type CertificateEventType } from '../events/types';
import type { IdDecoder } from '../ids';
import type { Logger } from '../logger';
import { statusContext } from '../query';
import type { PeopleDirectory } from '../people/directory';
import type { PersonEntry } from '../people/people-file';
import { evaluateRequirement, ownerOf, type ComplianceRow, type ComplianceStatus, type RequirementCatalog } from './evaluate';
import { loadWholeLists, type CheckedFilter, type ComplianceFiles } from './view';

export type ComplianceChangeCause = 'CERTIFICATE' | 'TIME';

export interface ComplianceChangeRecord {
  /** The certificate event it follows from (pass as `after`). */
  eventId: string;
  /**
   * Counts this replica's changes, one each, in order: the websocket fan-out
   * (gateway/ws-fanout.ts) orders a group's events and hands a resuming
   * subscriber over to its group by it, as it does by a certificate event's seq.
   */
  seq: number;
  cause: ComplianceChangeCause;
  certificateEventType: CertificateEventType;
  certificateId: string;
  occurredAt: string;
  oldStatus: ComplianceStatus;
  /** The row as it is now (status, satisfying certificate, expiry). */
  row: ComplianceRow;
}

/** Events that changed something, kept for resuming; older ones are dropped (then `after` them is BAD_USER_INPUT). */
export const RING_SIZE = 10_000;
/** Changes waiting for one slow subscriber before its subscription ends with an error (it resumes with `after`). */
export const PER_SUBSCRIBER_CHANGES = 10_000;

export interface ComplianceChangeFeedOptions {
  connectors: ReadonlyMap<SourceName, Connector>;
  bus: EventBus;
  files: ComplianceFiles;
  clock: Clock;
  expiringWithinDays: number;
  /** Sources whose certificates carry the holder's email (a person is found by it when the file links no holder id). */
  emailSources: ReadonlySet<SourceName>;
  ids: IdDecoder;
  logger: Logger;
}

export interface ComplianceChangeFeed {
  /**
   * The changes after `after` (an event id this replica's tracker has
   * followed; null: those of events it applies from now on), then live
   * ones, filtered. Starts the tracker
   * on first use (one whole list per source) and resolves once it is in
   * place: every certificate event recorded after that is followed.
   */
  subscribe(after: string | null, keep: (c: ComplianceChangeRecord) => boolean): Promise<AsyncIterableIterator<ComplianceChangeRecord>>;
  /** Stops following the bus; open subscriptions end. */
  close(): Promise<void>;
}

const rowKey = (r: ComplianceRow) => `${r.requirement.set}\u0000${r.requirement.id}`;

/** Whether a change passes a checked filter, against the files active now. */
export function changePredicate(f: CheckedFilter, files: ComplianceFiles): (c: ComplianceChangeRecord) => boolean {
  return (c) => {
    const p = c.row.person;
    if (f.people && !f.people.includes(p.email)) return false;
    if (f.tags && !p.tags.some((t) => f.tags!.includes(t))) return false;
    if (f.requirementSets && !files.requirements().expand(f.requirementSets).has(c.row.requirement.set)) return false;
    if (f.status && !f.status.includes(c.row.status)) return false;
    return true;
  };
}

type Listener = (batch: { eventId: string; changes: ComplianceChangeRecord[] }) => void;

class Tracker {
  /** Certificates of every source, by global id. */
  private readonly certificates = new Map<string, CertificateRecord>();
  /** email -> certificate ids owned (for the directory `people`). */
  private owned = new Map<string, Set<string>>();
  /** email -> row key -> last known row. */
  private rows = new Map<string, Map<string, ComplianceRow>>();
  private people: PeopleDirectory | null = null;
  private catalog: RequirementCatalog | null = null;
  private day = '';
  /** The log's newest event when the tracker joined the bus: everything after it is followed. */
  private startedAfter: string | null = null;
  /** The newest event dropped from the ring: `after` older than it can no longer be served. */
  private droppedUpTo: string | null = null;
  private readonly ring: { eventId: string; changes: ComplianceChangeRecord[] }[] = [];
  /** The newest event applied. */
  private lastApplied: string | null = null;
  private seq = 0;
  private readonly listeners = new Set<Listener>();
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(private readonly opts: ComplianceChangeFeedOptions) {}

  /** Joins the bus, loads the baseline, then follows events in the background. */
  async start(): Promise<void> {
    const events = this.opts.bus.subscribe(null, this.abort.signal);
    // The first next() joins the live channel and reads the log's tail before anything is loaded:
    // an event recorded while the baseline loads waits for the loop below.
    const first = events.next();
    // Read after the bus read its own tail: an event between the two is followed and counts as before the start (never the reverse).
    const tailKnown = this.opts.bus.tail();
    try {
      const status = statusContext(todayOf(this.opts.clock), this.opts.expiringWithinDays);
      const loaders = new Map([...this.opts.connectors].map(([s, c]) => [s, c.createLoaders(status)] as const));
      const { certificates, failures } = await loadWholeLists(loaders, [...loaders.keys()]);
      if (failures.length > 0) {
        const f = failures[0];
        throw f.error instanceof GatewayError ? f.error : upstreamUnavailable(f.source, "compliance changes need every source's whole list, and this one failed");
      }
      for (const c of certificates) this.certificates.set(certificateIdOf(c), c);
      this.reindex();
      this.startedAfter = await tailKnown;
    } catch (err) {
      // Aborting ends the bus subscription at once (return() would wait for its pending next()).
      this.abort.abort();
      await first.catch(() => undefined);
      await tailKnown.catch(() => undefined);
      throw err;
    }
    this.loop = this.follow(first, events);
  }

  private async follow(first: Promise<IteratorResult<CertificateEvent>>, events: AsyncGenerator<CertificateEvent>): Promise<void> {
    try {
      let r = await first;
      while (!r.done) {
        try {
          await this.apply(r.value);
        } catch (err) {
          this.opts.logger.error('compliance changes: an event could not be applied', { eventId: r.value.eventId, error: err instanceof Error ? err.message : String(err) });
        }
        r = await events.next();
      }
    } catch (err) {
      if (!this.abort.signal.aborted) this.opts.logger.error('compliance changes stopped following events', { error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** (Re)builds who owns which certificate and the last known rows, silently (a reloaded file is a new baseline, not a change). */
  private reindex(): void {
    this.people = this.opts.files.people();
    this.catalog = this.opts.files.requirements();
    this.day = todayOf(this.opts.clock);
    this.owned = new Map();
    for (const [id, c] of this.certificates) {
      const p = ownerOf(c, this.people, this.opts.emailSources);
      if (p) this.own(p.email, id);
    }
    this.rows = new Map();
    for (const p of this.people.people) this.rows.set(p.email, this.evaluate(p));
  }

  private own(email: string, id: string): void {
    let s = this.owned.get(email);
    if (!s) this.owned.set(email, (s = new Set()));
    s.add(id);
  }

  private evaluate(p: PersonEntry): Map<string, ComplianceRow> {
    const certs = [...(this.owned.get(p.email) ?? [])].map((id) => this.certificates.get(id)!);
    const out = new Map<string, ComplianceRow>();
    for (const r of this.catalog!.requirementsOf(p)) {
      const row = evaluateRequirement(p, r, certs, this.day, this.opts.expiringWithinDays);
      out.set(rowKey(row), row);
    }
    return out;
  }

  /** Re-evaluates one person and returns what moved (rows that are new to them are not changes). */
  private reevaluate(p: PersonEntry, base: Omit<ComplianceChangeRecord, 'oldStatus' | 'row' | 'seq'>, out: ComplianceChangeRecord[]): void {
    const before = this.rows.get(p.email);
    const after = this.evaluate(p);
    this.rows.set(p.email, after);
    for (const [key, row] of after) {
      const old = before?.get(key);
      if (old && old.status !== row.status) out.push({ ...base, seq: ++this.seq, oldStatus: old.status, row });
    }
  }

  private async apply(e: CertificateEvent): Promise<void> {
    if (this.opts.files.people() !== this.people || this.opts.files.requirements() !== this.catalog) this.reindex();
    const changes: ComplianceChangeRecord[] = [];
    const base = { eventId: e.eventId, certificateEventType: e.type, certificateId: e.certificateId, occurredAt: e.occurredAt };
    // The clock moved to another day: every row again, with the certificates as they were.
    const day = todayOf(this.opts.clock);
    if (day !== this.day) {
      this.day = day;
      for (const p of this.people!.people) this.reevaluate(p, { ...base, cause: 'TIME' }, changes);
    }
    const previous = this.certificates.get(e.certificateId) ?? null;
    const next = e.type === 'DELETED' ? null : (e.certificate ?? (await this.read(e)) ?? previous);
    if (next) this.certificates.set(e.certificateId, next);
    else this.certificates.delete(e.certificateId);
    const owners = new Map<string, PersonEntry>();
    for (const c of [previous, next]) {
      const p = c && ownerOf(c, this.people!, this.opts.emailSources);
      if (p) owners.set(p.email, p);
    }
    if (previous) for (const p of owners.values()) this.owned.get(p.email)?.delete(e.certificateId);
    const nextOwner = next && ownerOf(next, this.people!, this.opts.emailSources);
    if (nextOwner) this.own(nextOwner.email, e.certificateId);
    for (const p of owners.values()) this.reevaluate(p, { ...base, cause: 'CERTIFICATE' }, changes);
    this.lastApplied = e.eventId;
    if (changes.length === 0) return;
    const batch = { eventId: e.eventId, changes };
    this.ring.push(batch);
    if (this.ring.length > RING_SIZE) this.droppedUpTo = this.ring.shift()!.eventId;
    for (const l of this.listeners) l(batch);
  }

  /** The certificate an event names without carrying it (a 4HSE UPDATE webhook): one read of it. */
  private async read(e: CertificateEvent): Promise<CertificateRecord | null> {
    const { source, key } = this.opts.ids.decode(e.certificateId, 'certificateId', 'Certificate');
    const connector = this.opts.connectors.get(source);
    if (!connector) return null;
    try {
      return await connector.createLoaders(statusContext(this.day, this.opts.expiringWithinDays)).certificateByKey.load(JSON.stringify(key));
    } catch (err) {
      this.opts.logger.warn('compliance changes: an updated certificate could not be read; its last known version stays', { eventId: e.eventId, error: err instanceof Error ? err.message : String(err) });
      return null;
    }
  }

  /** BAD_USER_INPUT when `after` precedes what this replica has followed (or what it still keeps). */
  checkAfter(after: string): void {
    const floor = [this.startedAfter, this.droppedUpTo].filter((x): x is string => x !== null).sort(compareEventIds).at(-1);
    if (floor === undefined && this.startedAfter === null) return; // the log was empty when the tracker joined: every event is followed
    if (floor !== undefined && compareEventIds(after, floor) < 0) {
      throw badInput('after', `after ${after} precedes the compliance changes this gateway replica has followed (since event ${floor}): subscribe without after and reload the compliance view`);
    }
  }

  /** Where the tracker is: the newest event applied (or, before any, the one it started after); null: nothing yet, the log was empty. */
  position(): string | null {
    return this.lastApplied ?? this.startedAfter;
  }

  /**
   * The kept changes after `after` (null: every kept change), and a listener
   * for the next ones, attached in the same turn (no gap, no duplicate).
   */
  attach(after: string | null, listener: Listener): { backlog: ComplianceChangeRecord[]; detach: () => void } {
    const backlog = (after === null ? this.ring : this.ring.filter((b) => compareEventIds(b.eventId, after) > 0)).flatMap((b) => b.changes);
    const l: Listener = (b) => {
      if (after === null || compareEventIds(b.eventId, after) > 0) listener(b);
    };
    this.listeners.add(l);
    return { backlog, detach: () => this.listeners.delete(l) };
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }
}

export function createComplianceChangeFeed(opts: ComplianceChangeFeedOptions): ComplianceChangeFeed {
  let tracker: Promise<Tracker> | null = null;
  /** The tracker once started (read synchronously when a subscription arrives). */
  let running: Tracker | null = null;
  const subscriptions = new Set<() => void>();
  const started = () => {
    tracker ??= (async () => {
      const t = new Tracker(opts);
      await t.start();
      running = t;
      return t;
    })().catch((err: unknown) => {
      tracker = null; // the next subscription tries again
      throw err;
    });
    return tracker;
  };
  return {
    async subscribe(after, keep) {
      // Without `after`: the changes of events the tracker applies from the moment the subscription
      // arrives (all of them when this subscription starts the tracker), whenever its iterator starts.
      const from = after ?? running?.position() ?? null;
      const t = await started();
      if (after !== null) {
        await opts.bus.check(after); // an id the log never had, or has dropped: BAD_USER_INPUT
        t.checkAfter(after);
      }
      return new Repeater<ComplianceChangeRecord>(async (push, stop) => {
        const send = (c: ComplianceChangeRecord) => {
          if (!keep(c)) return;
          try {
            void push(c);
          } catch (err) {
            if (err instanceof RepeaterOverflowError) stop(badInput('after', 'this subscriber fell too far behind: resubscribe with after set to the last eventId it received'));
            else throw err;
          }
        };
        const { backlog, detach } = t.attach(from, (b) => b.changes.forEach(send));
        const end = () => stop();
        subscriptions.add(end);
        backlog.forEach(send);
        await stop;
        detach();
        subscriptions.delete(end);
      }, new FixedBuffer(PER_SUBSCRIBER_CHANGES));
    },
    async close() {
      running = null;
      for (const end of subscriptions) end();
      const t = await tracker?.catch(() => null);
      await t?.close();
    },
  };
}
