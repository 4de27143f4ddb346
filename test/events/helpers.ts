import Redis from 'ioredis';
import type { Clock } from '../../src/clock';
import { loadConfig, type Config } from '../../src/config';
import { createConnectors } from '../../src/connectors';
import { createUndiciFetch } from '../../src/connectors/undici-fetch';
import type { Connector } from '../../src/connectors/types';
import type { SourceName } from '../../src/domain';
import { createEventBus, type EventBus } from '../../src/events/bus';
import { createMemoryLease } from '../../src/events/lease';
import { createMemoryPubSub, liveChannelOf } from '../../src/events/live';
import { createMemoryLog, type EventLog } from '../../src/events/log';
import { createPoller } from '../../src/events/poller';
import type { CertificateEvent } from '../../src/events/types';
import { createLogger, createSecrets, type Logger } from '../../src/logger';
import { createMetrics } from '../../src/metrics';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { sandboxEnv } from '../../src/sandbox/sandbox-config';
import { createMemoryScheduler } from '../../src/connectors/slots';
import { defaultRegistry } from '../../src/connectors/registry';
import { eventually } from '../helpers/eventually';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A clock the test moves. */
export interface TestClock extends Clock {
  set(iso: string): void;
}
export function testClock(iso: string): TestClock {
  let t = Date.parse(iso);
  return {
    now: () => new Date(t),
    set(next) {
      t = Date.parse(next);
    },
  };
}

export interface CapturedLogger extends Logger {
  lines: { level: string; msg: string; [k: string]: unknown }[];
}
export function captureLogger(): CapturedLogger {
  const lines: CapturedLogger['lines'] = [];
  const logger = createLogger({ level: 'debug', secrets: createSecrets([]), write: (l) => lines.push(JSON.parse(l)) });
  return Object.assign(logger, { lines });
}

/**
 * The simulators (real HTTP servers) without a gateway in front: the
 * gateway's own pollers, once wired, would also poll them and disturb the
 * per-poll request counts these tests assert.
 */
export async function startSimulators(today?: string): Promise<{ sandbox: Sandbox; config: Config }> {
  const sandbox = await startSandbox({ today });
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', ...sandboxEnv(sandbox) }, defaultRegistry());
  return { sandbox, config };
}

/** One replica's connectors: its own HTTP agent, so two replicas never share an in-flight request. */
export function replicaConnectors(config: Config, clock: Clock, logger: Logger): { connectors: Map<SourceName, Connector>; close(): void } {
  const fetch = createUndiciFetch();
  const connectors = createConnectors(config.registry, config.sources, {
    fetch,
    timeoutMs: 5_000,
    secrets: createSecrets([]),
    logger,
    metrics: createMetrics(),
    clock,
    slots: (_name, limit) => createMemoryScheduler(limit, clock),
  });
  return { connectors, close: () => fetch.destroy() };
}

/**
 * The later event a "nothing happens any more" check waits for: resolves once a
 * fresh poller of `connector`, started now on `intervalMs`, has begun `polls`
 * polls on its own timer (first at once, then one per interval), and is
 * stopped again. Whatever ticks on the same interval and was still running
 * when this started has ticked (and reached its upstream) well before then.
 */
export async function controlPolls(connector: Connector, clock: Clock, intervalMs: number, polls = 3): Promise<void> {
  let begun = 0;
  const counting: Connector = Object.create(connector, {
    createLoaders: { value: (...a: Parameters<Connector['createLoaders']>) => (begun++, connector.createLoaders(...a)) },
  });
  const logger = captureLogger();
  const poller = createPoller({ connector: counting, bus: recordingBus(clock, logger).bus, clock, intervalMs, lease: createMemoryLease(), logger, expiringWithinDays: 30 });
  poller.start();
  try {
    await eventually(() => begun >= polls, { what: `${polls} polls of a control poller every ${intervalMs} ms` });
  } finally {
    await poller.stop();
  }
}

/** A bus over the given log (memory by default), recording every event it stores. */
export function recordingBus(clock: Clock, logger: Logger, log: EventLog = createMemoryLog(clock)): { bus: EventBus; events: CertificateEvent[] } {
  const inner = createEventBus(log, liveChannelOf(createMemoryPubSub(), 'test'), logger);
  const events: CertificateEvent[] = [];
  return {
    events,
    bus: {
      ...inner,
      async publish(e) {
        const stored = await inner.publish(e);
        if (stored) events.push(stored);
        return stored;
      },
    },
  };
}

/** A real Redis connection that fails (never hangs or skips) when Redis is unreachable. */
export async function connectRedis(): Promise<Redis> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null, connectTimeout: 3_000 });
  redis.on('error', () => undefined); // surfaced by connect()/commands instead
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    throw new Error(`Redis at ${REDIS_URL} is required for this test and unreachable: ${(err as Error).message}`, { cause: err });
  }
  return redis;
}

export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

// ---------------------------------------------------------------- upstream writes over HTTP

export async function ensinioIssue(sandbox: Sandbox, body: { group_id: number; user_id: number; conclusion_date: string }): Promise<{ id: number; expiration_date: string | null }> {
  const res = await fetch(`${sandbox.ensinio.url}/public/api/v1/certificates`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sandbox.credentials.ensinio.token}`, 'x-requested-with': 'XMLHttpRequest', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`Ensinio issue answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: number; expiration_date: string | null };
}

export async function ensinioRevoke(sandbox: Sandbox, id: number): Promise<void> {
  const res = await fetch(`${sandbox.ensinio.url}/public/api/v1/certificates/${id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${sandbox.credentials.ensinio.token}`, 'x-requested-with': 'XMLHttpRequest' },
  });
  if (res.status !== 204 && res.status !== 200) throw new Error(`Ensinio revoke answered ${res.status}: ${await res.text()}`);
}

export async function springestUpload(sandbox: Sandbox, f: { certificationId: number; email: string; validFrom: string; validUntil?: string }): Promise<{ id: number }> {
  const form = new FormData();
  form.set('certification_id', String(f.certificationId));
  form.set('email', f.email);
  form.set('valid_from', f.validFrom);
  if (f.validUntil) form.set('valid_until', f.validUntil);
  form.set('file', new Blob([Buffer.from('%PDF-1.4\n%test\n')], { type: 'application/pdf' }), 'certificate.pdf');
  const res = await fetch(`${sandbox.springest.url}/users/certificates.json?api_key=${sandbox.credentials.springest.apiKey}`, { method: 'POST', body: form });
  if (res.status !== 201) throw new Error(`Springest upload answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { certificate: { id: number } }).certificate;
}

/** Mutable view of a simulator's live array (the simulators expose them read-only). */
export const mutable = <T>(a: readonly T[]): T[] => a as T[];
