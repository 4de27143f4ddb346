import { createEventBus } from '../../src/events/bus';
import { createMemoryPubSub, liveChannelOf, PER_SUBSCRIBER_BUFFER } from '../../src/events/live';
import { createMemoryLog } from '../../src/events/log';
import type { CertificateEvent, NewCertificateEvent } from '../../src/events/types';
import { captureLogger, testClock } from './helpers';

/** The live side of the bus: one listener per process, a private bounded queue per subscriber. */
const ev = (seq: number) => ({ eventId: `e${seq}`, seq }) as unknown as CertificateEvent;
const take = async (it: AsyncIterator<CertificateEvent>, n: number) => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await it.next()).value.seq);
  return out;
};

describe('liveChannelOf', () => {
  it('gives every subscriber its own copy of each event, in order, even when neither was reading', async () => {
    const channel = liveChannelOf(createMemoryPubSub(), 'topic');
    const a = channel.subscribe();
    const b = channel.subscribe();
    for (let i = 1; i <= 3; i++) channel.publish(ev(i));
    await new Promise((r) => setImmediate(r));
    expect(await take(a, 3)).toEqual([1, 2, 3]);
    expect(await take(b, 3)).toEqual([1, 2, 3]);
    // Nothing of b's reached a, nothing is left over.
    channel.publish(ev(4));
    expect(await take(a, 1)).toEqual([4]);
    expect(await take(b, 1)).toEqual([4]);
  });

  it('keeps at most PER_SUBSCRIBER_BUFFER events for a subscriber that does not read, dropping the oldest', async () => {
    const channel = liveChannelOf(createMemoryPubSub(), 'topic');
    const slow = channel.subscribe();
    const n = PER_SUBSCRIBER_BUFFER + 10;
    for (let i = 1; i <= n; i++) channel.publish(ev(i));
    await new Promise((r) => setImmediate(r));
    const got = await take(slow, PER_SUBSCRIBER_BUFFER);
    expect(got[0]).toBe(11);
    expect(got[got.length - 1]).toBe(n);
  });

  it('return() ends a pending next() at once', async () => {
    const channel = liveChannelOf(createMemoryPubSub(), 'topic');
    const it = channel.subscribe();
    const pending = it.next();
    await it.return!();
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
  });
});

describe('the event bus', () => {
  const clock = testClock('2026-03-02T08:00:00Z');
  const publishable = (i: number): NewCertificateEvent => ({
    type: 'CREATED', source: 'FOURHSE', certificateId: `c${i}`, certificate: null, changes: [], occurredAt: clock.now().toISOString(), dedupeKey: `k${i}`,
  }) as unknown as NewCertificateEvent;

  it('fills from the log what a slow subscriber\'s queue dropped: nothing lost, nothing twice', async () => {
    const bus = createEventBus(createMemoryLog(clock), liveChannelOf(createMemoryPubSub(), 'topic'), captureLogger());
    const sub = bus.subscribe(null);
    const first = sub.next(); // joined
    await new Promise((r) => setImmediate(r));
    const n = PER_SUBSCRIBER_BUFFER + 50;
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push((await bus.publish(publishable(i)))!.eventId);
    const got = [(await first).value.eventId];
    while (got.length < n) got.push((await sub.next()).value.eventId);
    expect(got).toEqual(ids);
    await sub.return(undefined);
  });

  it('aborting a subscription ends it while it waits for the next event', async () => {
    const bus = createEventBus(createMemoryLog(clock), liveChannelOf(createMemoryPubSub(), 'topic'), captureLogger());
    const ac = new AbortController();
    const start = (await bus.publish(publishable(1)))!;
    const next = (await bus.publish(publishable(2)))!;
    const sub = bus.subscribe(start.eventId, ac.signal);
    // The one event after `start` through: the replay is over, and the next next() waits for a live event.
    expect((await sub.next()).value.eventId).toBe(next.eventId);
    const waiting = sub.next();
    ac.abort();
    await expect(waiting).resolves.toEqual({ value: undefined, done: true });
  });
});
