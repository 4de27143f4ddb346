/**
 * What makes the sandbox "live": the kinds of change a simulator can make to
 * its own data over time, and the 4HSE webhook sender (signed POSTs to the
 * gateway, in order, retried like a real sender).
 *
 * Changes draw from their own seeded PRNG, never from the seed's, so the
 * seeded data stays byte-identical whether or not anything changes later.
 */
import { createHmac } from 'node:crypto';
import type { Prng } from './seed';

export type ChangeKind = 'create' | 'update' | 'delete';
export const CHANGE_KINDS: readonly ChangeKind[] = ['create', 'update', 'delete'];

export const isChangeKind = (v: unknown): v is ChangeKind => typeof v === 'string' && (CHANGE_KINDS as readonly string[]).includes(v);

/** Options every simulator accepts for its changes over time. */
export interface LiveOptions {
  /** Seed of the PRNG that picks changes (default 1); separate from the data seed. */
  changeSeed?: number;
  /** YYYY-MM-DD the changes happen on (new issue dates, renewals); defaults to the current UTC date. */
  today?: string;
}

/** A random kind when none is asked for; creations outweigh deletions so the data does not dwindle. */
export function chooseKind(rng: Prng, kind: ChangeKind | undefined): ChangeKind {
  if (kind === undefined) {
    const r = rng.next();
    return r < 0.45 ? 'create' : r < 0.85 ? 'update' : 'delete';
  }
  if (!isChangeKind(kind)) throw new Error(`Unknown change kind "${String(kind)}": expected one of ${CHANGE_KINDS.join(', ')}`);
  return kind;
}

/**
 * Applies the asked (or a random) kind of change. Each maker returns null when
 * it cannot apply (nothing left to update or delete, everyone holds
 * everything); a create is then tried instead, or an update when creating
 * was what failed.
 */
export function runChange(rng: Prng, asked: ChangeKind | undefined, source: string, make: Record<ChangeKind, () => string | null>): string {
  const kind = chooseKind(rng, asked);
  const order: ChangeKind[] = kind === 'create' ? ['create', 'update'] : [kind, 'create'];
  for (const k of order) {
    const done = make[k]();
    if (done !== null) return done;
  }
  return `${source}: nothing could change`;
}

export const changeDay = (today: string | undefined): string => today ?? new Date().toISOString().slice(0, 10);

/**
 * The instant of a change: `today` at the current time of day. With the real
 * date that is simply now; with a fixed test date it stays on that day.
 */
export function changeInstant(today: string | undefined, now = Date.now()): number {
  return Date.parse(`${changeDay(today)}T00:00:00Z`) + (now % 86_400_000);
}

// ---------------------------------------------------------------- 4HSE webhooks

export type FourHseWebhookEvent = 'CERTIFICATE::CREATE' | 'CERTIFICATE::UPDATE' | 'CERTIFICATE::DELETE';

export interface WebhookTarget {
  /** The gateway's base URL; `/webhooks/4hse/{event}` is appended. */
  baseUrl: string;
  /** Signs every body: `X-Signature-256: sha256=<hex HMAC-SHA256>`. */
  secret: string;
}

/** One webhook, as sent and as answered so far. */
export interface WebhookDelivery {
  event: FourHseWebhookEvent;
  /** The payload (the exact JSON that was signed, parsed back). */
  body: unknown;
  /** Status of the latest attempt; null before any answer or after a connection error. */
  status: number | null;
  attempts: number;
  /** Message of the latest connection error, if the latest attempt had one. */
  error?: string;
}

export interface WebhookSenderOptions {
  /** Attempts per delivery, the first included (default 4). */
  attempts?: number;
  /** Delay before the first retry, doubled for each next one (default 100 ms). */
  backoffMs?: number;
  /** Per-attempt timeout (default 5 s). */
  timeoutMs?: number;
}

export interface WebhookSender {
  setTarget(target: WebhookTarget | null): void;
  /** Queues one delivery to the current target; a no-op without one. Never throws, never waits. */
  send(event: FourHseWebhookEvent, body: unknown): void;
  readonly deliveries: readonly WebhookDelivery[];
  /** Resolves once nothing is queued or in flight (at once after stop). */
  idle(): Promise<void>;
  /** Drops the queue, aborts the attempt in flight and cancels backoff timers; idempotent. */
  stop(): Promise<void>;
}

export const signWebhook = (secret: string, raw: string): string => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

interface QueuedWebhook {
  url: string;
  secret: string;
  raw: string;
  delivery: WebhookDelivery;
}

/**
 * One signed POST of a queued webhook, recorded on its delivery; true when
 * answered 2xx. Aborted at `timeoutMs` (through `after`, a timer stop() can
 * cancel) or when the sender stops.
 */
async function deliverOnce(item: QueuedWebhook, timeoutMs: number, stopped: AbortSignal, after: (ms: number, fn: () => void) => () => void): Promise<boolean> {
  const { delivery } = item;
  delivery.attempts += 1;
  const ac = new AbortController();
  const abort = () => ac.abort();
  stopped.addEventListener('abort', abort);
  const cancel = after(timeoutMs, abort);
  try {
    const res = await fetch(item.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature-256': signWebhook(item.secret, item.raw), 'user-agent': '4HSE-Webhooks (sandbox simulator)' },
      body: item.raw,
      signal: ac.signal,
    });
    await res.arrayBuffer().catch(() => undefined); // drained so the socket can be reused
    delivery.status = res.status;
    delete delivery.error;
    return res.ok;
  } catch (err) {
    delivery.status = null;
    delivery.error = (err as Error).message;
    return false;
  } finally {
    cancel();
    stopped.removeEventListener('abort', abort);
  }
}

/**
 * One queue, one delivery at a time: 4HSE's events for a certificate must not
 * overtake each other (an UPDATE arriving before its CREATE would be useless).
 */
export function createWebhookSender(opts: WebhookSenderOptions = {}): WebhookSender {
  const maxAttempts = Math.max(1, opts.attempts ?? 4);
  const backoffMs = opts.backoffMs ?? 100;
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const deliveries: WebhookDelivery[] = [];
  const queue: QueuedWebhook[] = [];
  const timers = new Map<NodeJS.Timeout, () => void>();
  const stopped = new AbortController();
  let waiters: (() => void)[] = [];
  let target: WebhookTarget | null = null;
  let running: Promise<void> | null = null;

  /**
   * A timer stop() can cancel (it then fires its callback at once, so nothing
   * awaits forever). Once stopped nothing is scheduled any more: the callback
   * runs at once, so a sleep asked for after stop() cannot outlive it.
   */
  const after = (ms: number, fn: () => void): (() => void) => {
    if (stopped.signal.aborted) {
      fn();
      return () => undefined;
    }
    const t = setTimeout(() => { timers.delete(t); fn(); }, ms);
    timers.set(t, fn);
    return () => { clearTimeout(t); timers.delete(t); };
  };
  const sleep = (ms: number) => new Promise<void>((resolve) => { after(ms, resolve); });

  const settle = () => {
    if (running || queue.length > 0) return;
    const w = waiters;
    waiters = [];
    for (const resolve of w) resolve();
  };

  const attempt = (item: QueuedWebhook) => deliverOnce(item, timeoutMs, stopped.signal, after);

  const pump = async (): Promise<void> => {
    while (queue.length > 0 && !stopped.signal.aborted) {
      const item = queue[0];
      for (let n = 1; n <= maxAttempts && !stopped.signal.aborted; n++) {
        if (await attempt(item)) break;
        // stop() may have come while the attempt was in flight: no back-off then.
        if (n < maxAttempts && !stopped.signal.aborted) await sleep(backoffMs * 2 ** (n - 1));
      }
      queue.shift(); // delivered, or given up on after the last retry, as a real sender would
    }
  };

  const kick = () => {
    if (running || stopped.signal.aborted || queue.length === 0) return settle();
    running = pump()
      .catch(() => undefined)
      .finally(() => { running = null; kick(); });
  };

  return {
    setTarget(t) {
      target = t ? { baseUrl: t.baseUrl.replace(/\/+$/, ''), secret: t.secret } : null;
    },
    send(event, body) {
      if (!target || stopped.signal.aborted) return;
      const raw = JSON.stringify(body);
      const delivery: WebhookDelivery = { event, body: JSON.parse(raw) as unknown, status: null, attempts: 0 };
      deliveries.push(delivery);
      queue.push({ url: `${target.baseUrl}/webhooks/4hse/${encodeURIComponent(event)}`, secret: target.secret, raw, delivery });
      kick();
    },
    get deliveries() { return deliveries; },
    idle() {
      if (!running && queue.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => { waiters.push(resolve); });
    },
    async stop() {
      if (!stopped.signal.aborted) {
        stopped.abort();
        queue.length = 0;
        for (const [t, fn] of [...timers]) { clearTimeout(t); timers.delete(t); fn(); }
      }
      await running;
      settle();
    },
  };
}
