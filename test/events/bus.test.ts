import { createEventBus } from '../../src/events/bus';
import { createMemoryPubSub, liveChannelOf } from '../../src/events/live';
import { createMemoryLog, type EventLog } from '../../src/events/log';
import type { NewCertificateEvent } from '../../src/events/types';
import { captureLogger, testClock } from './helpers';

const created = (sourceId: string): NewCertificateEvent => ({
  type: 'CREATED',
  source: 'FOURHSE',
  certificateId: `id-${sourceId}`,
  certificate: null,
  changes: [],
  occurredAt: '2026-11-01T00:00:00.000Z',
  dedupeKey: `FOURHSE:CREATED:${sourceId}`,
});

describe('EventBus.subscribe(after)', () => {
  it('delivers an event recorded while the replay is being read, when the replay is empty', async () => {
    const clock = testClock('2026-11-01T00:00:00Z');
    const inner = createMemoryLog(clock);
    // Another replica records e2 right after this subscriber's replay read found nothing after e1.
    let racing: (() => Promise<unknown>) | null = null;
    const log: EventLog = {
      append: (e) => inner.append(e),
      tail: () => inner.tail(),
      async after(afterId, limit) {
        const page = await inner.after(afterId, limit);
        const race = racing;
        racing = null;
        if (race) await race();
        return page;
      },
    };
    const bus = createEventBus(log, liveChannelOf(createMemoryPubSub(), 'race'), captureLogger());
    const e1 = (await bus.publish(created('one')))!;
    racing = () => bus.publish(created('two'));
    const sub = bus.subscribe(e1.eventId);
    const next = await sub.next();
    expect(next.done).toBe(false);
    expect(next.value).toMatchObject({ certificateId: 'id-two', seq: e1.seq + 1 });
    await sub.return(undefined);
  });

  it('after an event with later ones: replays them, then goes on live without a gap or a repeat', async () => {
    const bus = createEventBus(createMemoryLog(testClock('2026-11-01T00:00:00Z')), liveChannelOf(createMemoryPubSub(), 't'), captureLogger());
    const e1 = (await bus.publish(created('a')))!;
    await bus.publish(created('b'));
    const sub = bus.subscribe(e1.eventId);
    expect((await sub.next()).value).toMatchObject({ certificateId: 'id-b' });
    const pending = sub.next();
    await bus.publish(created('c'));
    expect((await pending).value).toMatchObject({ certificateId: 'id-c' });
    await sub.return(undefined);
  });
});
