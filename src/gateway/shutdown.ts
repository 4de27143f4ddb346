import type { Server } from 'node:http';
import type { Logger } from '../logger';
import type { DrainState } from './routes';

/** How long a stopping gateway waits for a poll or expiry scan in progress. */
export const LIVE_STOP_MS = 3_000;

/** Of the grace period, what is kept for closing Apollo and Redis once requests are cut (at most half of it). */
const CLOSE_MARGIN_MS = 3_000;

export interface ShutdownParts {
  server: Server;
  drain: DrainState;
  logger: Logger;
  /** SHUTDOWN_GRACE_S: the drain's whole budget; requests still running at graceMs minus a margin for closing are cut. */
  graceMs: number;
  /** Closes the websockets (1001) and disposes graphql-ws. */
  closeWebsockets(): Promise<void>;
  openWebsockets(): number;
  /** Stops the pollers and expiry scans and releases their leases (waited at most LIVE_STOP_MS). */
  stopLive(): Promise<void>;
  /** Once nothing runs any more: Apollo, then what the runtime opened (upstream sockets, Redis). */
  closeRest(): Promise<void>;
}

export interface StopOptions {
  /**
   * SHUTDOWN_DELAY_S: how long /readyz answers 503 while everything else is
   * still served normally (new connections too), so load balancers stop
   * sending before the drain. Default 0. Calling stop again without a delay
   * ends a delay in progress (a second SIGTERM or Ctrl-C).
   */
  delayMs?: number;
}

/** Graceful stop, idempotent: see createShutdown. */
export type Stop = (opts?: StopOptions) => Promise<void>;

/** Resolves once `p` settles or `ms` pass, whichever is first (the timer never keeps the process alive). */
const atMost = (p: Promise<void>, ms: number) => Promise.race([p, new Promise<void>((r) => setTimeout(r, ms).unref())]);

/** Requests still running this long into the drain are cut, leaving the rest of the grace period for closing. */
export const cutAfterMs = (graceMs: number) => graceMs - Math.min(CLOSE_MARGIN_MS, graceMs / 2);

/**
 * Graceful stop, in two phases.
 * 1. Leaving (delayMs): /readyz turns 503 at once; the listener keeps
 *    accepting and every route, websockets included, serves as usual.
 * 2. Draining: the listener closes (new connections are refused), requests
 *    arriving on kept-alive connections get 503, in-flight ones finish (cut
 *    at cutAfterMs(graceMs)), websockets close with 1001, the pollers stop and
 *    release their leases, then Apollo and Redis close.
 */
export function createShutdown(p: ShutdownParts): Stop {
  let stopped: Promise<void> | null = null;
  let endDelay: (() => void) | null = null;

  async function leave(delayMs: number): Promise<void> {
    p.drain.leaving = true;
    if (delayMs <= 0) return;
    p.logger.info('gateway leaving: /readyz answers 503, still serving until the drain', { delayMs, websockets: p.openWebsockets() });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delayMs);
      endDelay = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    endDelay = null;
  }

  async function drainAndClose(): Promise<void> {
    p.drain.stopping = true;
    p.logger.info('gateway stopping', { websockets: p.openWebsockets() });
    // No new connections; idle keep-alive ones close now, busy ones once their response is sent.
    const httpDrained = new Promise<void>((resolve) => p.server.close(() => resolve()));
    p.server.closeIdleConnections();
    const cut = setTimeout(() => {
      p.logger.warn('cutting requests still running after the shutdown grace period');
      p.server.closeAllConnections();
    }, cutAfterMs(p.graceMs));
    cut.unref();
    // A poll stuck on a slow upstream is not waited for past LIVE_STOP_MS (its lease then lapses by itself).
    await Promise.all([p.closeWebsockets(), atMost(p.stopLive(), LIVE_STOP_MS), httpDrained]);
    clearTimeout(cut);
    await p.closeRest();
    p.logger.info('gateway stopped');
  }

  return (opts = {}) => {
    if (stopped) {
      if (!opts.delayMs) endDelay?.();
      return stopped;
    }
    stopped = leave(opts.delayMs ?? 0).then(drainAndClose);
    return stopped;
  };
}
