import type { Logger } from '../logger';
import type { EventLog } from './log';
import { compareEventIds, type CertificateEvent, type NewCertificateEvent } from './types';

/** The live side: an in-process EventTarget, or Redis pub/sub through @graphql-yoga/redis-event-target. */
export interface LiveChannel {
  publish(e: CertificateEvent): void;
  subscribe(): AsyncIterableIterator<CertificateEvent>;
}

export interface EventBus {
  /** Records the event (deduplicated), then tells every replica's subscribers. Resolves once recorded; null for a duplicate. */
  publish(e: NewCertificateEvent): Promise<CertificateEvent | null>;
  /**
   * Every event after `after` (replayed from the log), then live ones, in
   * order, with no gap and no duplicate: the live channel is joined before the
   * log is read, events already replayed are skipped by seq, and a seq that
   * jumps (a message the live channel lost, or one not yet delivered by
   * another replica) is filled from the log. Aborting `signal` ends it at
   * once, even while it waits for the next live event.
   */
  subscribe(after: string | null, signal?: AbortSignal): AsyncGenerator<CertificateEvent>;
  /** Throws BAD_USER_INPUT when `after` is not an event of the log (too old, or unknown). */
  check(after: string | null): Promise<void>;
  /** The newest recorded event's id, or null when the log is empty. */
  tail(): Promise<string | null>;
}

const REPLAY_PAGE = 500;

export function createEventBus(log: EventLog, live: LiveChannel, logger: Logger): EventBus {
  return {
    async publish(e) {
      const stored = await log.append(e);
      if (stored) live.publish(stored);
      else logger.debug('duplicate event not published', { dedupeKey: e.dedupeKey });
      return stored;
    },
    async check(after) {
      await log.after(after, 1);
    },
    async tail() {
      return (await log.tail())?.eventId ?? null;
    },
    async *subscribe(after, signal) {
      const liveEvents = live.subscribe();
      // Start listening now: the first next() attaches the listener before the log is read.
      let pending = liveEvents.next();
      const onAbort = () => void liveEvents.return?.();
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) onAbort();
      try {
        let last: { eventId: string; seq: number } | null;
        if (after !== null) {
          // Validates `after` (too old / unknown: BAD_USER_INPUT) before anything is sent.
          let page = await log.after(after, REPLAY_PAGE);
          last = { eventId: after, seq: -1 };
          for (;;) {
            for (const e of page) {
              last = { eventId: e.eventId, seq: e.seq };
              yield e;
            }
            if (page.length < REPLAY_PAGE) break;
            page = await log.after(last.eventId, REPLAY_PAGE);
          }
          // Nothing after `after`: its seq is unknown here, so the first live event is joined to it
          // through the log below (reading the tail instead would skip an event recorded meanwhile).
        } else {
          last = await log.tail();
        }
        for (;;) {
          const r = await pending;
          if (r.done) return;
          pending = liveEvents.next();
          const e = r.value;
          if (last && last.seq < 0) {
            // The first live event after an empty replay: whatever the log has between `after` and it comes first.
            if (compareEventIds(e.eventId, last.eventId) <= 0) continue;
            for (const missed of await log.after(last.eventId, REPLAY_PAGE)) {
              if (compareEventIds(missed.eventId, e.eventId) >= 0) break;
              last = { eventId: missed.eventId, seq: missed.seq };
              yield missed;
            }
            last = { eventId: e.eventId, seq: e.seq };
            yield e;
            continue;
          }
          if (last && last.seq >= 0 && e.seq <= last.seq) continue; // already replayed or seen
          if (last && last.seq >= 0 && e.seq > last.seq + 1) {
            // A gap: fetch what is missing from the log, in order.
            for (const missed of await log.after(last.eventId, e.seq - last.seq - 1)) {
              if (missed.seq >= e.seq) break;
              last = { eventId: missed.eventId, seq: missed.seq };
              yield missed;
            }
          }
          if (last && compareEventIds(e.eventId, last.eventId) <= 0 && last.seq >= 0) continue;
          last = { eventId: e.eventId, seq: e.seq };
          yield e;
        }
      } finally {
        signal?.removeEventListener('abort', onAbort);
        await liveEvents.return?.();
      }
    },
  };
}
