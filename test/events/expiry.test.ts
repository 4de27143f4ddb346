import { addDays } from '../../src/clock';
import type { Config } from '../../src/config';
import type { Connector } from '../../src/connectors/types';
import type { SourceName } from '../../src/domain';
import { createExpiryScheduler, EXPIRED_LOOKBACK_DAYS, type ExpiryScheduler } from '../../src/events/expiry';
import { createMemoryLease } from '../../src/events/lease';
import { LOG_LIMITS } from '../../src/events/log';
import type { CertificateEvent } from '../../src/events/types';
import { encodeId } from '../../src/ids';
import type { EnsinioCertificate, Sandbox } from '../../src/sandbox';
import { eventually } from '../helpers/eventually';
import { captureLogger, controlPolls, mutable, recordingBus, replicaConnectors, startSimulators, testClock } from './helpers';

const TODAY = '2026-02-10';
const clock = testClock(`${TODAY}T09:00:00Z`);
const at = (date: string) => clock.set(`${date}T08:00:00Z`);
let sandbox: Sandbox;
let config: Config;
let connectors: Map<SourceName, Connector>;
let close: () => void;
const logger = captureLogger();
const { bus, events } = recordingBus(clock, logger);
const schedulers: ExpiryScheduler[] = [];
let target: EnsinioCertificate;
let targetId: string;

beforeAll(async () => {
  ({ sandbox, config } = await startSimulators(TODAY));
  ({ connectors, close } = replicaConnectors(config, clock, logger));
  // An Ensinio certificate that expires well after "today", so the test can walk up to its date.
  target = mutable(sandbox.ensinio.certificates).find((c) => c.expiration_date !== null && c.expiration_date > addDays(TODAY, 60))!;
  targetId = encodeId('Certificate', 'ENSINIO', [String(target.id), String(target.user_id), String(target.group_id)]);
});
afterAll(async () => {
  await Promise.all(schedulers.map((s) => s.stop()));
  close?.();
  await sandbox?.stop();
});

function scheduler(extra: { connectors?: ReadonlyMap<SourceName, Connector> } = {}): ExpiryScheduler {
  const s = createExpiryScheduler({ connectors: extra.connectors ?? connectors, bus, clock, intervalMs: 60_000, lease: createMemoryLease(), logger, expiringWithinDays: 30 });
  schedulers.push(s);
  return s;
}
const ofTarget = (from = 0): CertificateEvent[] => events.slice(from).filter((e) => e.certificateId === targetId);

describe('expiry scheduler', () => {
  let main: ExpiryScheduler;
  beforeAll(() => {
    main = scheduler();
  });

  it('publishes one EXPIRING when a certificate is 10 days from expiry, and nothing when scanning again', async () => {
    const expiresOn = target.expiration_date!;
    at(addDays(expiresOn, -10));
    const fourhseBefore = sandbox.fourhse.requests.filter((r) => r.path === '/v2/certificate/index').length;
    const first = await main.scanOnce();
    // 4HSE is listed with a head request and one window, not hundreds of pages.
    expect(sandbox.fourhse.requests.filter((r) => r.path === '/v2/certificate/index').length - fourhseBefore).toBeLessThanOrEqual(2);
    expect(first.scanned).toBe(true);
    expect(first.failedSources).toEqual([]);
    expect(first.expiring).toBeGreaterThan(0);
    const mine = ofTarget();
    expect(mine.map((e) => e.type)).toEqual(['EXPIRING']);
    expect(mine[0]).toMatchObject({ source: 'ENSINIO', certificate: { sourceId: String(target.id), expiresOn }, changes: [] });
    // Every event is right for the clock's day: EXPIRING within 30 days, EXPIRED in the last few days only.
    const today = clock.now().toISOString().slice(0, 10);
    for (const e of events) {
      const d = e.certificate!.expiresOn!;
      if (e.type === 'EXPIRING') expect(d >= today && d <= addDays(today, 30)).toBe(true);
      else expect(e.type === 'EXPIRED' && d < today && d >= addDays(today, -EXPIRED_LOOKBACK_DAYS)).toBe(true);
      expect(e.certificate!.revoked || e.certificate!.pending).toBe(false);
    }
    expect(first.expiring + first.expired).toBe(events.length);
    const sources = new Set(events.map((e) => e.source));
    expect(sources.has('ENSINIO')).toBe(true);
    expect(sources.has('FALKOR')).toBe(false); // no expiry date at all

    const n = events.length;
    expect(await main.scanOnce()).toMatchObject({ expiring: 0, expired: 0, scanned: true });
    expect(events).toHaveLength(n);
    // A replica taking over (empty local memo) offers them to the log again, which drops them all.
    expect(await scheduler().scanOnce()).toMatchObject({ expiring: 0, expired: 0, scanned: true });
    expect(events).toHaveLength(n);
  });

  it('publishes one EXPIRED once the date has passed, once', async () => {
    const expiresOn = target.expiration_date!;
    const n = events.length;
    at(addDays(expiresOn, -1));
    await main.scanOnce();
    at(expiresOn); // still valid on its last day: EXPIRING, already announced
    await main.scanOnce();
    expect(ofTarget(n)).toEqual([]);
    at(addDays(expiresOn, 1));
    const r = await main.scanOnce();
    expect(r.expired).toBeGreaterThanOrEqual(1);
    const mine = ofTarget(n);
    expect(mine.map((e) => e.type)).toEqual(['EXPIRED']);
    expect(mine[0].certificate?.expiresOn).toBe(expiresOn);
    const m = events.length;
    at(addDays(expiresOn, 3));
    await main.scanOnce();
    await scheduler().scanOnce();
    expect(ofTarget(m)).toEqual([]);
    // Long past: not announced again, even by a fresh replica after the dedupe key's lifetime.
    at(addDays(expiresOn, EXPIRED_LOOKBACK_DAYS + 1 + Math.ceil(LOG_LIMITS.maxAgeMs / 86_400_000)));
    await scheduler().scanOnce();
    expect(ofTarget(m)).toEqual([]);
  });

  it('a certificate whose expiry date changed gets new events for the new date', async () => {
    const renewed = addDays(target.expiration_date!, 200);
    mutable(sandbox.ensinio.certificates).find((c) => c.id === target.id)!.expiration_date = renewed;
    const n = events.length;
    at(addDays(renewed, -40));
    await main.scanOnce();
    expect(ofTarget(n)).toEqual([]); // valid again
    at(addDays(renewed, -10));
    await main.scanOnce();
    await main.scanOnce();
    expect(ofTarget(n).map((e) => [e.type, e.certificate?.expiresOn])).toEqual([['EXPIRING', renewed]]);
    // Corrected by a few days while still EXPIRING (the first key still holds): announced again, for the new date.
    const corrected = addDays(renewed, 5);
    target.expiration_date = corrected;
    await main.scanOnce();
    await main.scanOnce();
    expect(ofTarget(n).map((e) => [e.type, e.certificate?.expiresOn])).toEqual([
      ['EXPIRING', renewed],
      ['EXPIRING', corrected],
    ]);
    at(addDays(corrected, 2));
    await main.scanOnce();
    await main.scanOnce();
    expect(ofTarget(n).map((e) => [e.type, e.certificate?.expiresOn])).toEqual([
      ['EXPIRING', renewed],
      ['EXPIRING', corrected],
      ['EXPIRED', corrected],
    ]);
  });

  it('an EXPIRING key lasts the whole window, longer than the log’s default dedupe lifetime', async () => {
    const far = addDays(TODAY, 400);
    target.expiration_date = far;
    const n = events.length;
    at(addDays(far, -29));
    await scheduler().scanOnce();
    expect(ofTarget(n).map((e) => e.type)).toEqual(['EXPIRING']);
    // Three weeks later, a fresh replica (no local memo): the log still holds the key.
    at(addDays(far, -8));
    await scheduler().scanOnce();
    expect(ofTarget(n).map((e) => e.type)).toEqual(['EXPIRING']);
  });

  it('a failing source is logged once and skipped; the others are still scanned', async () => {
    const newDate = addDays(TODAY, 900);
    target.expiration_date = newDate;
    at(addDays(newDate, -5));
    const n = events.length;
    sandbox.springest.setFault({ kind: 'status', status: 503 });
    try {
      const r = await main.scanOnce();
      expect(r.failedSources).toEqual(['SPRINGEST']);
      expect(ofTarget(n).map((e) => e.type)).toEqual(['EXPIRING']);
      expect(events.slice(n).some((e) => e.source === 'SPRINGEST')).toBe(false);
      await main.scanOnce();
      const warned = logger.lines.filter((l) => l.msg === 'expiry scan skipped a source that failed');
      expect(warned).toHaveLength(1);
      expect(warned[0]).toMatchObject({ source: 'SPRINGEST', code: 'UPSTREAM_UNAVAILABLE' });
    } finally {
      sandbox.springest.setFault(null);
    }
    const r = await main.scanOnce();
    expect(r.failedSources).toEqual([]);
  });

  it('start() scans on its own and stop() ends it', async () => {
    const s = createExpiryScheduler({ connectors: new Map([['FALKOR', connectors.get('FALKOR')!]]), bus, clock, intervalMs: 20, lease: createMemoryLease(), logger, expiringWithinDays: 30 });
    const before = sandbox.falkor.requests.length;
    s.start();
    await eventually(() => sandbox.falkor.requests.length - before >= 3, { what: 'three scans reaching Falkor' });
    await s.stop();
    const stopped = sandbox.falkor.requests.length;
    // A poller on the same interval polls three times: the stopped scheduler would have scanned meanwhile.
    await controlPolls(connectors.get('SPRINGEST')!, clock, 20);
    expect(sandbox.falkor.requests.length).toBe(stopped);
  });
});
