import { createMemoryLog, LOG_LIMITS } from '../../src/events/log';
import type { NewCertificateEvent } from '../../src/events/types';
import { testClock } from './helpers';

/** A 4HSE CREATE whose certificate carries about `kib` KiB of free data, as a large webhook body would. */
const large = (i: number, kib: number): NewCertificateEvent => ({
  type: 'CREATED',
  source: 'FOURHSE',
  certificateId: `id-${i}`,
  certificate: { name: `Big ${i}`, data: { scan: 'x'.repeat(kib * 1024) } } as never,
  changes: [],
  occurredAt: '2026-11-01T00:00:00.000Z',
  dedupeKey: `FOURHSE:CREATED:${i}`,
});

describe('the memory event log', () => {
  it('keeps at most maxBytes of events: 150 webhooks of 1 MiB are not all held for replay', async () => {
    const log = createMemoryLog(testClock('2026-11-01T00:00:00Z'));
    const ids: string[] = [];
    for (let i = 0; i < 150; i++) ids.push((await log.append(large(i, 1024)))!.eventId);
    const { events, bytes } = log.size();
    expect(bytes).toBeLessThanOrEqual(LOG_LIMITS.maxBytes);
    expect(events).toBeLessThan(150);
    expect(events).toBeGreaterThanOrEqual(Math.floor(LOG_LIMITS.maxBytes / (1024 * 1024 + 200)) - 1);
    // What it let go is refused as too old (never a silent gap); what it kept still replays, in order.
    await expect(log.after(ids[0], 10)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'after' }, message: expect.stringContaining('older than the event log') });
    const kept = ids.slice(150 - events);
    const replay = await log.after(kept[0], 500);
    expect(replay.map((e) => e.eventId)).toEqual(kept.slice(1));
  });

  it('counts small events by number as before, and bytes go down as old events leave', async () => {
    const log = createMemoryLog(testClock('2026-11-01T00:00:00Z'), { maxEvents: 5, maxAgeMs: LOG_LIMITS.maxAgeMs, maxBytes: 1024 * 1024 });
    for (let i = 0; i < 12; i++) await log.append(large(i, 1));
    const small = log.size();
    expect(small.events).toBe(5);
    const bigLog = createMemoryLog(testClock('2026-11-01T00:00:00Z'), { maxEvents: 100, maxAgeMs: LOG_LIMITS.maxAgeMs, maxBytes: 1024 * 1024 });
    for (let i = 0; i < 3; i++) await bigLog.append(large(i, 400));
    expect(bigLog.size().events).toBe(2);
    expect(bigLog.size().bytes).toBeLessThanOrEqual(1024 * 1024);
    // One event over the bound alone is still kept (the newest always is): a subscriber gets it.
    await bigLog.append(large(99, 1100));
    expect(bigLog.size().events).toBe(1);
  });
});
